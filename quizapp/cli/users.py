"""`quizapp create-user`: make accounts from the command line (the first teacher, too)."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from ..auth import accounts
from ..auth.rules import normalise_username, password_problem, username_problem
from ..banks.text import text_problem


@click.command("create-user")
@click.argument("username")
@click.option("--teacher", is_flag=True, help="Make a teacher account (default: a student).")
@click.option("--display-name", help="The name shown on pages (default: the username).")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input instead of asking.",
)
@with_appcontext
def create_user_command(
    username: str, teacher: bool, display_name: str | None, password_stdin: bool
) -> None:
    """Create an account; the password is asked for, never given as an argument."""
    problem = username_problem(username)
    if problem:
        raise click.ClickException(f"Username {username!r}: {problem}")
    name = normalise_username(username)
    display_name = (display_name or "").strip() or name
    if len(display_name) > 80:
        raise click.ClickException("The display name may have at most 80 characters.")
    problem = text_problem(display_name, name=True)
    if problem:
        raise click.ClickException(f"The display name: {problem}.")
    if accounts.find_account(name) is not None:
        raise click.ClickException(f"A user named {name!r} already exists. Choose another name.")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    problem = password_problem(password, name)
    if problem:
        raise click.ClickException(f"Password: {problem}")
    role = "teacher" if teacher else "student"
    try:
        user = accounts.create_account(name, display_name, password, role=role)
    except accounts.UsernameTaken:
        raise click.ClickException(f"A user named {name!r} already exists.") from None
    click.echo(f"Created {role} {user.username} ({user.display_name}).")
