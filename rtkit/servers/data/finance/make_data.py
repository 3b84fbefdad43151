"""Regenerate the sample finance data (deterministic): positions, weekly prices, four months of transactions.

Run from the repository root: ``python data/finance/make_data.py``.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).parent
rng = random.Random(20250101)

POSITIONS = [
    # symbol, name, asset class, quantity, average cost, account, first price
    ("VTI", "Vanguard Total Stock Market ETF", "us_stocks", 120, 212.40, "brokerage", 289.0),
    ("AAPL", "Apple Inc.", "us_stocks", 40, 151.20, "brokerage", 243.0),
    ("MSFT", "Microsoft Corp.", "us_stocks", 25, 298.75, "brokerage", 421.0),
    ("NVDA", "NVIDIA Corp.", "us_stocks", 60, 48.10, "brokerage", 144.0),
    ("VXUS", "Vanguard Total International Stock ETF", "intl_stocks", 150, 55.30, "ira", 59.5),
    ("VWO", "Vanguard FTSE Emerging Markets ETF", "intl_stocks", 80, 41.90, "ira", 43.8),
    ("BND", "Vanguard Total Bond Market ETF", "bonds", 110, 78.60, "ira", 72.1),
    ("TIP", "iShares TIPS Bond ETF", "bonds", 30, 112.40, "ira", 107.9),
    ("VNQ", "Vanguard Real Estate ETF", "real_estate", 35, 84.20, "brokerage", 89.4),
    ("SGOV", "iShares 0-3 Month Treasury Bond ETF", "cash", 95, 100.20, "brokerage", 100.4),
]
VOLATILITY = {"us_stocks": 0.025, "intl_stocks": 0.02, "bonds": 0.006, "real_estate": 0.022, "cash": 0.0004}


def write(name: str, header: list[str], rows: Sequence[Sequence[object]]) -> None:
    with open(HERE / name, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def positions_and_prices() -> None:
    write(
        "positions.csv",
        ["symbol", "name", "asset_class", "quantity", "cost_basis", "account"],
        [list(p[:6]) for p in POSITIONS],
    )
    rows = []
    fridays = [date(2025, 1, 3) + timedelta(weeks=i) for i in range(17)]
    for sym, _, cls, _, _, _, price in POSITIONS:
        for day in fridays:
            rows.append([day.isoformat(), sym, f"{price:.2f}"])
            price *= 1 + rng.gauss(0.002, VOLATILITY[cls])
    write("prices.csv", ["date", "symbol", "close"], rows)


MONTHLY = [  # (day, description, amount)
    (1, "Oakwood Property Mgmt RENT", -2150.00),
    (3, "PG&E Electric Bill", None),
    (5, "Comcast Internet", -79.99),
    (8, "Verizon Wireless", -65.00),
    (12, "Netflix.com", -15.49),
    (12, "Spotify USA", -11.99),
    (15, "ACME Corp PAYROLL Direct Deposit", 2640.00),
    (18, "24 Hour Fitness", -39.99),
    (28, "Transfer to Savings", -400.00),
    (30, "ACME Corp PAYROLL Direct Deposit", 2640.00),
]
VARIABLE = [  # description, low, high, weight
    ("Whole Foods Market", 45, 160, 5),
    ("Trader Joe's", 30, 95, 5),
    ("Safeway", 20, 80, 3),
    ("Costco Wholesale", 90, 260, 1),
    ("Starbucks", 4.5, 12, 5),
    ("Chipotle Mexican Grill", 11, 28, 3),
    ("Nopa Restaurant", 60, 140, 1),
    ("DoorDash", 22, 55, 2),
    ("Uber Trip", 9, 38, 3),
    ("Shell Oil", 35, 70, 2),
    ("Clipper BART", 20, 40, 1),
    ("Amazon.com", 12, 140, 3),
    ("Target", 18, 110, 2),
    ("CVS Pharmacy", 8, 45, 1),
    ("AMC Theatres", 14, 36, 1),
    ("Steam Games", 5, 60, 1),
    ("Blue Bottle Coffee", 5, 9, 2),
    ("City Parking Meter", 2, 12, 1),
    ("Venmo Payment", 15, 80, 1),
    ("Check #1043", 40, 120, 1),
]


def transactions() -> None:
    rows: list[tuple[date, str, float]] = []
    for month in (1, 2, 3, 4):
        for day, desc, amount in MONTHLY:
            if amount is None:
                amount = -round(rng.uniform(70, 140), 2)
            rows.append((date(2025, month, min(day, 28 if month == 2 else day)), desc, amount))
        if month == 2:
            rows.append((date(2025, 2, 20), "United Airlines", -412.60))
        if month == 3:
            rows.append((date(2025, 3, 27), "Vanguard Dividend", 184.22))
        if month == 4:
            rows.append((date(2025, 4, 11), "Airbnb", -689.00))
        names = [v[0] for v in VARIABLE]
        weights = [v[3] for v in VARIABLE]
        for _ in range(27):
            desc = rng.choices(names, weights)[0]
            _, low, high, _ = next(v for v in VARIABLE if v[0] == desc)
            rows.append((date(2025, month, rng.randint(1, 28)), desc, -round(rng.uniform(low, high), 2)))
    rows.sort(key=lambda r: (r[0], r[1]))
    out = [[d.isoformat(), desc, f"{amt:.2f}", "checking"] for d, desc, amt in rows]
    write("transactions.csv", ["date", "description", "amount", "account"], out)


if __name__ == "__main__":
    positions_and_prices()
    transactions()
