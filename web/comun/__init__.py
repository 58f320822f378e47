"""What the web frontends share: configuration, app factory, session, API clients, layout."""
