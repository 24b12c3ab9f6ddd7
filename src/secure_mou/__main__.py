"""``python -m secure_mou`` runs the command-line tool."""

from .cli import main

main()
