"""The sections a layout writes its own way, one module per layout
(:data:`sladoc.agreement.layout.LAYOUTS`)."""
