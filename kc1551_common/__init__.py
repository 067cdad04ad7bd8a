"""What the desktop and the API share, and nothing else: no Qt, no database."""
