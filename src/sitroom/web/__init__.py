"""Static web UI (no CDN): served by sitroom.api."""
