"""Page handlers of the managers' web app, one module per area."""
