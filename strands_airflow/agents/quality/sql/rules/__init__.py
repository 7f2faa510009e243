"""The strands SQL anti-pattern rules (one module per rule, loaded lazily by the plugin)."""
