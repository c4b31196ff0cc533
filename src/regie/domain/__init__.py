"""The pure core: business rules and maths. Standard library, NumPy and SciPy only."""
