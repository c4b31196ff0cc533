"""Use cases: what a user asks Regie to do, on the domain and the ports."""
