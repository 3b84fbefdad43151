"""Personal-finance MCP server over CSV files: portfolio, transactions, spending, budget and rebalancing.

``python -m rtkit.servers.finance [--data DIR] [--http [--port N]]``. ``DIR`` holds ``positions.csv``
(symbol, name, asset_class, quantity, cost_basis, account), ``prices.csv`` (date, symbol, close) and
``transactions.csv`` (date, description, amount, account; spending negative, income positive).
Transactions are categorised by merchant keywords (:data:`RULES`). Every figure is computed from those files.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from mcp.server.mcpserver import MCPServer

from ._common import READ_ONLY, ToolError
from ._common import main as serve_main

DEFAULT_DATA = Path(__file__).resolve().parent / "data" / "finance"
"""The sample data, shipped inside the package (so a wheel install finds it); ``--data DIR`` uses other files."""

RULES: dict[str, tuple[str, ...]] = {
    "income": ("payroll", "salary", "direct deposit", "dividend", "interest paid"),
    "housing": ("rent", "mortgage", "property mgmt", "hoa"),
    "utilities": ("pg&e", "electric", "comcast", "internet", "verizon", "at&t", "water"),
    "groceries": ("whole foods", "trader joe", "safeway", "costco", "kroger", "aldi", "grocery"),
    "dining": ("starbucks", "chipotle", "restaurant", "doordash", "coffee", "cafe", "pizza", "ubereats"),
    "transport": ("uber", "lyft", "shell", "chevron", "bart", "clipper", "parking", "metro"),
    "health": ("cvs", "walgreens", "pharmacy", "fitness", "gym", "kaiser"),
    "subscriptions": ("netflix", "spotify", "nytimes", "apple.com", "hulu"),
    "shopping": ("amazon", "target", "ikea", "best buy"),
    "entertainment": ("amc", "theatre", "steam", "ticketmaster", "cinema"),
    "travel": ("airlines", "airbnb", "marriott", "hotel", "delta"),
    "savings": ("transfer to savings", "brokerage transfer"),
}
"""Category → merchant keywords (case-insensitive substrings of the description); first match wins."""
CATEGORIES = (*RULES, "other")
ALIASES = {
    "grocery": "groceries",
    "food": "groceries",
    "restaurants": "dining",
    "eating out": "dining",
    "rent": "housing",
    "bills": "utilities",
    "gas": "transport",
    "transportation": "transport",
    "fun": "entertainment",
    "subscription": "subscriptions",
}
NEEDS = ("housing", "utilities", "groceries", "transport", "health")
WANTS = ("dining", "subscriptions", "shopping", "entertainment", "travel", "other")
PROFILES: dict[str, dict[str, float]] = {
    "conservative": {"us_stocks": 25, "intl_stocks": 10, "bonds": 45, "real_estate": 5, "cash": 15},
    "balanced": {"us_stocks": 45, "intl_stocks": 20, "bonds": 25, "real_estate": 5, "cash": 5},
    "growth": {"us_stocks": 60, "intl_stocks": 25, "bonds": 10, "real_estate": 5, "cash": 0},
}
"""Target allocation (percent of portfolio value) per risk profile."""
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Position:
    symbol: str
    name: str
    asset_class: str
    quantity: float
    cost_basis: float
    account: str


@dataclass(frozen=True)
class Transaction:
    date: str
    description: str
    amount: float
    account: str
    category: str
    rule: str | None


@dataclass(frozen=True)
class FinanceData:
    positions: list[Position]
    prices: dict[str, list[tuple[str, float]]]
    transactions: list[Transaction]

    @property
    def months(self) -> list[str]:
        return sorted({t.date[:7] for t in self.transactions})


def categorize(description: str) -> tuple[str, str | None]:
    """(category, matched keyword) for a transaction description; ``("other", None)`` when no rule matches."""
    text = description.lower()
    for category, keywords in RULES.items():
        for keyword in keywords:
            if keyword in text:
                return category, keyword
    return "other", None


def _rows(path: Path, columns: set[str]) -> list[dict[str, str]]:
    if not path.is_file():
        raise FileNotFoundError(f"finance data file {path} is missing")
    with path.open(newline="") as f:
        reader = csv.DictReader(f)
        missing = columns - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: missing columns {sorted(missing)}")
        return list(reader)


def load(data_dir: str | Path) -> FinanceData:
    """Read the three CSV files; raises ``FileNotFoundError``/``ValueError`` naming the file and problem."""
    root = Path(data_dir)
    if not root.is_dir():
        raise FileNotFoundError(f"finance data folder {root} does not exist (pass --data DIR)")
    try:
        positions = [
            Position(
                r["symbol"],
                r["name"],
                r["asset_class"],
                float(r["quantity"]),
                float(r["cost_basis"]),
                r["account"],
            )
            for r in _rows(
                root / "positions.csv", {"symbol", "name", "asset_class", "quantity", "cost_basis", "account"}
            )
        ]
        prices: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for r in _rows(root / "prices.csv", {"date", "symbol", "close"}):
            prices[r["symbol"]].append((r["date"], float(r["close"])))
        transactions = []
        for r in _rows(root / "transactions.csv", {"date", "description", "amount", "account"}):
            category, rule = categorize(r["description"])
            transactions.append(
                Transaction(r["date"], r["description"], float(r["amount"]), r["account"], category, rule)
            )
    except (KeyError, ValueError) as exc:
        raise ValueError(f"finance data in {root} is malformed: {exc}") from exc
    for series in prices.values():
        series.sort()
    unpriced = [p.symbol for p in positions if p.symbol not in prices]
    if unpriced:
        raise ValueError(f"{root / 'prices.csv'} has no price for {unpriced}")
    transactions.sort(key=lambda t: (t.date, t.description))
    return FinanceData(positions, dict(prices), transactions)


# -- argument checks -----------------------------------------------------------------------------------------
def check_month(data: FinanceData, month: str | None) -> str | None:
    if month is None or month == "":
        return None
    month = month.strip()
    if not _MONTH.match(month):
        raise ToolError(f"month must be YYYY-MM (for example 2025-03), got {month!r}")
    if month not in data.months:
        raise ToolError(f"no transactions in {month}; the data covers {', '.join(data.months)}")
    return month


def check_category(category: str | None) -> str | None:
    if category is None or category == "":
        return None
    key = category.strip().lower()
    key = ALIASES.get(key, key)
    if key not in CATEGORIES:
        raise ToolError(f"unknown category {category!r}; use one of: {', '.join(CATEGORIES)}")
    return key


def _r(x: float) -> float:
    return round(x, 2)


# -- portfolio -----------------------------------------------------------------------------------------------
def holdings(data: FinanceData) -> list[dict[str, Any]]:
    rows = []
    total = sum(p.quantity * data.prices[p.symbol][-1][1] for p in data.positions)
    for p in data.positions:
        as_of, price = data.prices[p.symbol][-1]
        value, cost = p.quantity * price, p.quantity * p.cost_basis
        rows.append(
            {
                "symbol": p.symbol,
                "name": p.name,
                "asset_class": p.asset_class,
                "account": p.account,
                "quantity": p.quantity,
                "price": _r(price),
                "price_date": as_of,
                "value": _r(value),
                "cost": _r(cost),
                "gain": _r(value - cost),
                "gain_pct": _r(100 * (value - cost) / cost) if cost else None,
                "weight_pct": _r(100 * value / total) if total else 0.0,
            }
        )
    return rows


def allocation(rows: list[dict[str, Any]]) -> dict[str, float]:
    """Asset class → current value."""
    out: dict[str, float] = defaultdict(float)
    for h in rows:
        out[h["asset_class"]] += h["value"]
    return dict(out)


def portfolio_summary(data: FinanceData) -> dict[str, Any]:
    rows = holdings(data)
    value = sum(h["value"] for h in rows)
    cost = sum(h["cost"] for h in rows)
    first = sum(p.quantity * data.prices[p.symbol][0][1] for p in data.positions)
    four_weeks = sum(
        p.quantity * data.prices[p.symbol][max(0, len(data.prices[p.symbol]) - 5)][1] for p in data.positions
    )
    by_class = allocation(rows)
    top = sorted(rows, key=lambda h: -h["value"])[:3]
    return {
        "as_of": max(h["price_date"] for h in rows),
        "total_value": _r(value),
        "cost_basis": _r(cost),
        "unrealized_gain": _r(value - cost),
        "unrealized_gain_pct": _r(100 * (value - cost) / cost) if cost else None,
        "change_4_weeks": _r(value - four_weeks),
        "change_4_weeks_pct": _r(100 * (value - four_weeks) / four_weeks) if four_weeks else None,
        "change_since_start": _r(value - first),
        "start_date": min(s[0][0] for s in data.prices.values()),
        "positions": len(rows),
        "allocation": {k: {"value": _r(v), "pct": _r(100 * v / value)} for k, v in sorted(by_class.items())},
        "top_holdings": [{"symbol": h["symbol"], "value": h["value"], "weight_pct": h["weight_pct"]} for h in top],
    }


def rebalancing(data: FinanceData, risk_profile: str, threshold_pct: float) -> dict[str, Any]:
    if risk_profile not in PROFILES:
        raise ToolError(f"unknown risk_profile {risk_profile!r}; use one of: {', '.join(PROFILES)}")
    if not 0 <= threshold_pct <= 50:
        raise ToolError(f"threshold_pct must be between 0 and 50, got {threshold_pct}")
    rows = holdings(data)
    by_class = allocation(rows)
    total = sum(by_class.values())
    target = PROFILES[risk_profile]
    classes, trades, reasoning = [], [], []
    for cls in sorted(set(target) | set(by_class)):
        actual_pct = 100 * by_class.get(cls, 0.0) / total
        drift = actual_pct - target.get(cls, 0.0)
        amount = -drift / 100 * total
        classes.append(
            {
                "asset_class": cls,
                "target_pct": target.get(cls, 0.0),
                "actual_pct": _r(actual_pct),
                "drift_pct": _r(drift),
                "value": _r(by_class.get(cls, 0.0)),
            }
        )
        if abs(drift) >= threshold_pct:
            action = "buy" if amount > 0 else "sell"
            trades.append({"asset_class": cls, "action": action, "amount": _r(abs(amount))})
            reasoning.append(
                f"{cls} is {actual_pct:.1f}% of the portfolio against a {target.get(cls, 0.0):.0f}% target "
                f"({drift:+.1f} points): {action} about ${abs(amount):,.0f}."
            )
    if not trades:
        reasoning.append(f"Every asset class is within {threshold_pct:g} points of its target; no trade needed.")
    else:
        reasoning.append(
            "Sells fund the buys, so the total value is unchanged; consider taxes before selling "
            "in taxable accounts and prefer new contributions for the buys."
        )
    return {
        "risk_profile": risk_profile,
        "threshold_pct": threshold_pct,
        "total_value": _r(total),
        "allocation": classes,
        "trades": trades,
        "reasoning": reasoning,
    }


# -- transactions --------------------------------------------------------------------------------------------
def _tx(t: Transaction) -> dict[str, Any]:
    return {"date": t.date, "description": t.description, "amount": t.amount, "category": t.category}


def transactions(data: FinanceData, month: str | None, category: str | None, limit: int) -> dict[str, Any]:
    if not 1 <= limit <= 500:
        raise ToolError(f"limit must be between 1 and 500, got {limit}")
    month, category = check_month(data, month), check_category(category)
    found = [
        t
        for t in data.transactions
        if (month is None or t.date.startswith(month)) and (category is None or t.category == category)
    ]
    shown = sorted(found, key=lambda t: t.date, reverse=True)[:limit]
    return {
        "month": month,
        "category": category,
        "count": len(found),
        "shown": len(shown),
        "total": _r(sum(t.amount for t in found)),
        "transactions": [_tx(t) for t in shown],
    }


def categorized(data: FinanceData, month: str | None, descriptions: list[str] | None) -> dict[str, Any]:
    if descriptions:
        items = [
            {"description": d, **dict(zip(("category", "rule"), categorize(d), strict=True))} for d in descriptions
        ]
        return {"rules": "merchant keywords", "results": items}
    month = check_month(data, month)
    found = [t for t in data.transactions if month is None or t.date.startswith(month)]
    by_cat: dict[str, dict[str, Any]] = {}
    for t in found:
        c = by_cat.setdefault(t.category, {"count": 0, "total": 0.0, "merchants": set()})
        c["count"] += 1
        c["total"] += t.amount
        c["merchants"].add(t.description)
    summary = {
        k: {"count": v["count"], "total": _r(v["total"]), "merchants": sorted(v["merchants"])}
        for k, v in sorted(by_cat.items())
    }
    uncategorized = [_tx(t) for t in found if t.category == "other"]
    return {
        "month": month,
        "transactions": len(found),
        "categories": summary,
        "uncategorized": uncategorized,
        "rules": {k: list(v) for k, v in RULES.items()},
    }


def spending(data: FinanceData, month: str | None, category: str | None) -> dict[str, Any]:
    month, category = check_month(data, month), check_category(category)
    table: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for t in data.transactions:
        if t.amount >= 0 or t.category in ("income", "savings"):
            continue
        if (month and not t.date.startswith(month)) or (category and t.category != category):
            continue
        table[t.date[:7]][t.category] += -t.amount
    months = {
        m: {c: _r(v) for c, v in sorted(cats.items(), key=lambda kv: -kv[1])} for m, cats in sorted(table.items())
    }
    totals: dict[str, float] = defaultdict(float)
    for cats in months.values():
        for c, v in cats.items():
            totals[c] += v
    n = len(data.months) if month is None else 1
    return {
        "month": month,
        "category": category,
        "by_month": months,
        "total_by_category": {c: _r(v) for c, v in sorted(totals.items(), key=lambda kv: -kv[1])},
        "total": _r(sum(totals.values())),
        "monthly_average": _r(sum(totals.values()) / n) if n else 0.0,
    }


def budget(data: FinanceData, monthly_income: float | None) -> dict[str, Any]:
    months = data.months
    n = len(months)
    income_seen = sum(t.amount for t in data.transactions if t.category == "income") / n
    if monthly_income is None:
        monthly_income, source = income_seen, "average income in transactions"
    elif monthly_income <= 0:
        raise ToolError(f"monthly_income must be a positive amount, got {monthly_income}")
    else:
        source = "given"
    avg: defaultdict[str, float] = defaultdict(float)
    for t in data.transactions:
        if t.amount < 0 and t.category != "savings":
            avg[t.category] += -t.amount / n
    avg.default_factory = None  # categories without spending read as 0 below, without being added
    needs = sum(avg.get(c, 0.0) for c in NEEDS)
    wants = sum(avg.get(c, 0.0) for c in WANTS)
    saved = monthly_income - needs - wants
    plan = {"needs": 0.5 * monthly_income, "wants": 0.3 * monthly_income, "savings": 0.2 * monthly_income}
    actual = {"needs": needs, "wants": wants, "savings": saved}
    advice = []
    for part in ("needs", "wants"):
        over = actual[part] - plan[part]
        if over > 0:
            biggest = max((c for c in (NEEDS if part == "needs" else WANTS)), key=lambda c: avg.get(c, 0.0))
            advice.append(
                f"{part} run ${over:,.0f} a month over the 50/30/20 target; the largest is {biggest} "
                f"at ${avg.get(biggest, 0.0):,.0f}."
            )
    if saved < plan["savings"]:
        advice.append(f"Saving ${max(saved, 0):,.0f} a month; the 20% target is ${plan['savings']:,.0f}.")
    else:
        advice.append(f"Savings of ${saved:,.0f} a month meet the 20% target of ${plan['savings']:,.0f}.")
    return {
        "monthly_income": _r(monthly_income),
        "income_source": source,
        "months_averaged": months,
        "targets": {k: _r(v) for k, v in plan.items()},
        "actual_monthly": {k: _r(v) for k, v in actual.items()},
        "actual_pct": {k: _r(100 * v / monthly_income) for k, v in actual.items()},
        "category_monthly_average": {c: _r(v) for c, v in sorted(avg.items(), key=lambda kv: -kv[1])},
        "advice": advice,
    }


# -- server --------------------------------------------------------------------------------------------------
def build_server(data: FinanceData) -> MCPServer[Any]:
    """The MCP server with the seven finance tools over ``data``."""
    server: MCPServer[Any] = MCPServer(
        "finance", instructions="Personal finance: portfolio, spending, budget.", log_level="WARNING"
    )
    cats = ", ".join(CATEGORIES)

    @server.tool(annotations=READ_ONLY)
    def get_portfolio_summary() -> dict[str, Any]:
        """Summary of the investment portfolio: total value, cost basis, unrealised gain, change over the last
        four weeks, allocation by asset class and top holdings. Use for 'how is my portfolio doing'."""
        return portfolio_summary(data)

    @server.tool(annotations=READ_ONLY)
    def get_holdings(
        asset_class: str | None = None, sort_by: Literal["value", "gain", "symbol"] = "value"
    ) -> dict[str, Any]:
        """Every position with quantity, latest price, value, cost, gain and portfolio weight. Optionally only
        one asset class (us_stocks, intl_stocks, bonds, real_estate, cash)."""
        rows = holdings(data)
        classes = sorted({h["asset_class"] for h in rows})
        if asset_class and asset_class not in classes:
            raise ToolError(f"unknown asset_class {asset_class!r}; use one of: {', '.join(classes)}")
        rows = [h for h in rows if not asset_class or h["asset_class"] == asset_class]
        key = {"value": lambda h: -h["value"], "gain": lambda h: -h["gain"], "symbol": lambda h: h["symbol"]}
        return {"holdings": sorted(rows, key=key[sort_by]), "total_value": _r(sum(h["value"] for h in rows))}

    @server.tool(
        annotations=READ_ONLY,
        description=(
            "List bank transactions, newest first, optionally for one month (YYYY-MM) and/or one category "
            f"({cats}). Amounts: spending negative, income positive."
        ),
    )
    def list_transactions(month: str | None = None, category: str | None = None, limit: int = 20) -> dict[str, Any]:
        return transactions(data, month, category, limit)

    @server.tool(annotations=READ_ONLY)
    def categorize_transactions(month: str | None = None, descriptions: list[str] | None = None) -> dict[str, Any]:
        """Categorise transactions by merchant keyword rules: counts, totals and merchants per category for a
        month (YYYY-MM) or all data, plus the uncategorised ones. Pass descriptions to categorise any text."""
        return categorized(data, month, descriptions)

    @server.tool(
        annotations=READ_ONLY,
        description=(
            "How much was spent, per category and month (positive amounts). Optionally one month (YYYY-MM) "
            f"and/or one category ({cats}). Use for 'how much did I spend on groceries'."
        ),
    )
    def spending_by_category(month: str | None = None, category: str | None = None) -> dict[str, Any]:
        return spending(data, month, category)

    @server.tool(annotations=READ_ONLY)
    def plan_budget(monthly_income: float | None = None) -> dict[str, Any]:
        """A 50/30/20 budget (needs/wants/savings) for a monthly income, compared with actual average monthly
        spending, with advice. Without an income, uses the income found in the transactions."""
        return budget(data, monthly_income)

    @server.tool(annotations=READ_ONLY)
    def suggest_rebalancing(
        risk_profile: Literal["conservative", "balanced", "growth"] = "balanced", threshold_pct: float = 5.0
    ) -> dict[str, Any]:
        """Compare the portfolio's allocation with the target of a risk profile and suggest buys/sells for
        asset classes drifting more than threshold_pct points, with the reasoning."""
        return rebalancing(data, risk_profile, threshold_pct)

    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rtkit.servers.finance", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"data folder (default {DEFAULT_DATA})")
    return serve_main("finance", parser, argv, lambda args: build_server(load(args.data)))


if __name__ == "__main__":
    sys.exit(main())
