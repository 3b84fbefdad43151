"""A device's on/off switches and yes/no flags read from a request that sets the device (`flags.switches`)."""

from __future__ import annotations

from helpers import function_tool, planned_call

HEATER = function_tool(
    "control_heater",
    "Send settings to an oil heater.",
    {
        "heatMode": {"type": "string", "enum": ["ECO", "BOOST", "FROST"], "description": "The heating mode."},
        "heaterPower": {
            "type": "string",
            "enum": ["POWER_ON", "POWER_OFF"],
            "description": "Turns the oil heater on or off.",
        },
        "fanRun": {
            "type": "string",
            "enum": ["START", "STOP"],
            "description": "Runs the fan blowing warm air.",
        },
        "energySaveEnabled": {"type": "boolean", "description": "A flag to enable or disable energy-saving mode."},
        "level": {"type": "integer", "description": "The heat level from 1 to 5."},
    },
)


def _arguments(text: str) -> dict:
    return planned_call(text, HEATER)[1]


def test_setting_the_device_a_mode_powers_it_on() -> None:
    assert _arguments("Set the oil heater to boost mode at level 4.")["heaterPower"] == "POWER_ON"


def test_saying_off_powers_it_off_and_naming_nothing_of_the_device_leaves_power_out() -> None:
    assert _arguments("Turn the oil heater off.")["heaterPower"] == "POWER_OFF"
    assert "heaterPower" not in _arguments("Set boost mode at level 4.")


def test_disabling_a_flag_is_the_flags_and_not_the_power_switchs() -> None:
    got = _arguments("Set the oil heater to eco mode. Start the fan, disable the energy-saving mode.")
    assert got["energySaveEnabled"] is False
    assert got["heaterPower"] == "POWER_ON"
    assert got["fanRun"] == "START"


def test_enable_or_disable_in_a_description_states_a_flag_plainly() -> None:
    assert _arguments("Set level 2 and enable energy saving on the heater.")["energySaveEnabled"] is True
    assert _arguments("Set level 2 and disable energy saving on the heater.")["energySaveEnabled"] is False


def test_a_state_or_a_later_switch_is_no_command_to_switch_now() -> None:
    got = _arguments("The oil heater is currently turned off. Set it to boost mode at level 3, switch off after a bit")
    assert got["heaterPower"] == "POWER_ON"
