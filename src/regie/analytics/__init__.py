"""KPI and SLA kernels over contact tables: pure functions on Polars frames."""
