"""The cramp diary's pure logic: entries, statistics, insights, chart and PDF rendering.

No telegram, no store, no clock: callers pass documents, the moment and the person's zone, and
get values back. matplotlib is imported only inside the render functions (never at start-up).

    entries.py   the one format of a `cramp_log` entry (the relief walkthrough's too), converted here
    stats.py     night/day in local time, counts per day and week, reminder adherence
    insights.py  which seed-based insights a diary shows (rules and fact ids in data/insights.json)
    render.py    the chart (PNG) and the one-page report (PDF), matplotlib's Agg and PDF backends
"""
