from .faces.cli import main

main(prog_name="flexlint")
