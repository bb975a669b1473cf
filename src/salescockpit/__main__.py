from salescockpit.cli import main

main()
