"""The session's pure parts, directly: response bookkeeping and the supervisor's decisions (no socket)."""

from __future__ import annotations

from rtkit.session import recovery
from rtkit.session.calls import ResponseBook
from rtkit.session.conversation import Item, ToolCallRecord


def test_response_book_tracks_requests_responses_and_summaries() -> None:
    book = ResponseBook()
    assert not book.busy()
    book.requested("evt_1")
    assert book.busy() and book.awaiting == ["evt_1"]
    assert book.created({"id": "resp_1"}) is True  # answers the oldest request
    assert book.awaiting == [] and book.active == {"resp_1"}
    summary = {"id": "resp_s", "metadata": {"purpose": recovery.SUMMARY_PURPOSE}}
    assert book.created(summary) is False and book.outside("resp_s") and not book.outside("resp_1")
    assert book.done("resp_1") is True and book.done("resp_s") is False
    assert not book.busy()


def test_a_refused_request_is_forgotten_and_a_cut_clears_what_died() -> None:
    book = ResponseBook()
    book.requested("evt_1")
    book.requested("evt_2")
    assert book.refused("evt_other") is False and book.refused(None) is False
    assert book.refused("evt_1") is True and book.awaiting == ["evt_2"]
    book.created({"id": "resp_1"})
    book.requested("evt_3")
    book.cut()
    assert not book.active and not book.awaiting


def test_a_restored_conversation_is_owed_a_response_after_user_input_or_a_finished_call() -> None:
    call = ToolCallRecord("c1", "get_quote", "{}", "resp_1")
    assert recovery.response_owed([]) is False
    assert recovery.response_owed([Item("user_text", text="hi")]) is True
    assert recovery.response_owed([Item("user_audio", text=None)]) is False  # nothing heard yet
    assert recovery.response_owed([Item("user_text", text="hi"), Item("assistant", text="hello")]) is False
    assert recovery.response_owed([Item("function_call", call=call)]) is call.finished
    assert recovery.response_owed([Item("user_text", text="hi"), Item("summary", text="s")]) is True


def test_summary_request_and_text() -> None:
    request = recovery.summary_request([{"type": "message"}])
    assert request["conversation"] == "none" and recovery.is_summary(request)
    response = {"output": [{"content": [{"text": "User asked"}, {"transcript": "about AAPL."}]}]}
    assert recovery.summary_text(response) == "User asked about AAPL."
    assert recovery.summary_text({"output": []}) is None


def test_close_description_names_code_and_reason() -> None:
    assert recovery.describe_close("network", 1006, "") == "network (close 1006)"
    assert recovery.describe_close("closed", None, "") == "closed"
