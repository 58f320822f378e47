"""The panel's blueprints, one per area of the menu."""
