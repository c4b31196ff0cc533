"""Report builders: charts (Vega-Lite), HTML, PDF and XLSX."""
