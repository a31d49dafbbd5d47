from sladoc.cli import main

main()
