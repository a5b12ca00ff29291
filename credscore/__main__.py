from credscore.cli import cli

cli(prog_name="credscore")
