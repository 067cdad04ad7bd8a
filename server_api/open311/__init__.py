"""Open311 GeoReport v2 under /open311/v2/: the 311 world's public standard."""
