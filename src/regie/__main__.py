"""``python -m regie`` runs the command line."""

from regie.cli.app import main

main()
