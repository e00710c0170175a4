"""Screenshots for the README from a running demo (`make demo`): python scripts/screenshots.py [URL]."""
from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
ARGS = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 820}, locale="zh-CN")
        page.goto(f"{BASE}/accounts/login/")
        page.fill("input[name=username]", "bangongshi")
        page.fill("input[name=password]", "Demo#2026")
        page.click("button[type=submit]")
        page.wait_for_url(f"{BASE}/")
        page.goto(f"{BASE}/members/")
        page.wait_for_selector("#results")
        page.screenshot(path=str(OUT / "roster.png"))
        browser.close()
    print(f"written {OUT / 'roster.png'}")


if __name__ == "__main__":
    main()
