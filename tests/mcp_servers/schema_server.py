"""Test MCP server whose tools have schemas the Realtime endpoint would reject as published.

$ref/$defs (nested and recursive pydantic models), enums, optional fields, a property named ``meta``,
tool-level metadata, a tool named like a finance tool (to force a collision), a name with characters the
endpoint refuses and a name longer than 64 characters.
"""

from __future__ import annotations

from typing import Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.types import ToolAnnotations
from pydantic import BaseModel, Field

server = MCPServer("schema", log_level="WARNING")


class Address(BaseModel):
    street: str = Field(description="Street and number", examples=["1 Main St"])
    city: str
    postcode: str | None = None


class Category(BaseModel):
    name: str
    children: list[Category] = Field(default_factory=list, description="Sub-categories, same shape")


class Order(BaseModel):
    customer: str
    priority: Literal["low", "normal", "high"] = "normal"
    ship_to: Address
    billing: Address | None = None
    category: Category | None = None
    meta: dict[str, str] = Field(default_factory=dict, description="Free-form labels (a property named meta)")


@server.tool(meta={"vendor": "x"}, title="Create an order")
def create_order(order: Order, quantity: int = Field(1, ge=1, le=99)) -> dict[str, Any]:
    """Create an order for a customer."""
    return {
        "customer": order.customer,
        "priority": order.priority,
        "quantity": quantity,
        "city": order.ship_to.city,
    }


@server.tool(annotations=ToolAnnotations(read_only_hint=True))
def get_holdings(account: str = "main") -> dict[str, Any]:
    """Holdings of a test account (same name as a finance tool, to force a collision)."""
    return {"account": account, "holdings": []}


@server.tool(name="lookup.user")
def lookup_user(user_id: int) -> dict[str, Any]:
    """Look up a user by id (a name with a dot, which the Realtime endpoint refuses)."""
    return {"user_id": user_id}


LONG = "summarise_everything_about_the_quarterly_financial_results_of_the_company_in_detail"


@server.tool(name=LONG)
def long_name() -> dict[str, Any]:
    """A tool whose name is longer than 64 characters."""
    return {"ok": True}


if __name__ == "__main__":
    server.run()
