"""Password rules of gs_install (DB initial user) and cm_install (CA cert), and the TTY prompts."""
import getpass
import sys

from .common import OmError

DB_SPECIAL = set("~!@#$%^&*()-_=+\\|[{}];:,/?")
CA_SPECIAL = set("~!@#$%^&*()-_=+\\|[{}];:,<.>/?")


def _classes(pw, special):
    return sum([any(c.isupper() for c in pw), any(c.islower() for c in pw), any(c.isdigit() for c in pw),
                any(c in special for c in pw)])


def db_password_problem(pw, user):
    if len(pw) < 8:
        return "The password must contain at least 8 characters."
    if len(pw) > 16:
        return "The password can contain at most 16 characters."
    if pw == user or pw == user[::-1]:
        return "The password cannot be the same as the user name or the user name in reverse order."
    if _classes(pw, DB_SPECIAL) < 3:
        return ("The password must contain at least three types of the following characters: uppercase letters, "
                "lowercase letters, digits and special characters (~!@#$%^&*()-_=+\\|[{}];:,/?).")
    return None


def ca_password_problem(pw):
    if any(not (c.isascii() and c.isalnum()) and c not in CA_SPECIAL for c in pw):
        return ("The password contains invalid characters: only digits, letters and the special characters "
                "(~`!@#$%^&*()-_=+\\|[{}];:,<.>/?) are allowed.")
    if not 8 <= len(pw) <= 15:
        return "The password must contain 8 to 15 characters."
    if _classes(pw, CA_SPECIAL) < 3:
        return ("The password must contain at least three types of the following characters: digits, uppercase "
                "letters, lowercase letters and special characters (~`!@#$%^&*()-_=+\\|[{}];:,<.>/?).")
    return None


def _ask(prompt):
    try:
        return getpass.getpass(prompt)
    except (EOFError, OSError):
        raise OmError("[GAUSS-50011] : The password could not be read: no terminal to prompt on. "
                      "Answer the prompt on a TTY.")


def prompt_twice(first, second, check, tries=3, mismatch="The two passwords are different, please enter again."):
    for _ in range(tries):
        pw = _ask(first)
        problem = check(pw)
        if problem:
            print(problem, flush=True)
            continue
        if _ask(second) != pw:
            print(mismatch, flush=True)
            continue
        return pw
    raise OmError("[GAUSS-50011] : The password is invalid after %d attempts." % tries)


def prompt_twice_then_check(first, second, check, mismatch, tries=3):
    """CM's CA prompts: both answers are read before the password is judged (CM source order)."""
    for _ in range(tries):
        pw = _ask(first)
        again = _ask(second)
        if again != pw:
            print(mismatch, flush=True)
            continue
        problem = check(pw)
        if problem:
            print(problem, flush=True)
            continue
        return pw
    raise OmError("[GAUSS-50011] : The password is invalid after %d attempts." % tries)


def stdout_is_tty():
    return sys.stdout.isatty()
