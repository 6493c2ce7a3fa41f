"""The hostmetrics process scraper, rebuilt on psutil: same metrics, attributes and state as 0.128.0.

`settings` resolves a receiver's `scrapers.process` config, `samples` is one reading of one
process (live or synthetic), `builder` turns readings into the scraper's pdata (and keeps the
cpu.utilization state), `psutil_reader` and `process_scraper` read this host, `receiver_view`
narrows a recorded snapshot to what a given receiver config would have emitted.
"""
