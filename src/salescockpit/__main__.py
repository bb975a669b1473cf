from salescockpit.launch import main

main()
