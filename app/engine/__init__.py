"""Phoenix's embedded pipeline engine: a small, tested model of the collector components the catalog uses.

`pdata` is the metrics data model every component reads and writes; `ottl` parses, checks and
evaluates the OpenTelemetry Transformation Language subset the filter and transform processors need.
`scraper` is the hostmetrics process scraper on psutil; `snapshot` / `synthetic` / `population`
give it inputs (this host, a JSON file, a seeded load profile); `processors` holds one module per
processor; `pipeline` compiles a rendered collector YAML and runs it; `kpis`, `otlp_size`, `cost`,
`series_diff` and `preview` turn a run into the numbers Phoenix reports.
"""
