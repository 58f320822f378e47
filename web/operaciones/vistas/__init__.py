"""The console's screens, one blueprint each."""
