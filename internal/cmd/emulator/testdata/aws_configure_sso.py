"""Answer the prompts of `aws configure sso` (AWS CLI v2) in a pseudo-terminal.

Usage: aws_configure_sso.py AWS START_URL REGION PROFILE. The environment (HOME,
AWS_CONFIG_FILE, AWS_DATA_PATH...) comes from the caller. The emulator must run with
--auto-approve, so the login inside the wizard needs no browser. Exits with the CLI's status.
"""
import os
import pty
import select
import sys
import time

aws, start_url, region, profile = sys.argv[1:5]
answers = [
    ("SSO session name", "emu"),
    ("SSO start URL", start_url),
    ("SSO region", region),
    ("SSO registration scopes", ""),
    ("accounts available", ""),  # the account picker: Enter takes the first
    ("CLI default client Region", region),
    ("CLI default output format", "json"),
    ("CLI profile name", profile),
]

pid, fd = pty.fork()
if pid == 0:
    os.execv(aws, [aws, "configure", "sso"])

seen = ""
deadline = time.time() + 120
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.5)
    if not ready:
        continue
    try:
        data = os.read(fd, 4096)
    except OSError:  # the CLI exited and closed the terminal
        break
    if not data:
        break
    sys.stdout.write(data.decode(errors="replace"))
    seen += data.decode(errors="replace")
    # The role picker only appears when the account has several roles; its prompt has no
    # fixed key text, so a lone role is taken automatically and several get an Enter.
    if "roles available" in seen:
        seen = ""
        time.sleep(0.3)
        os.write(fd, b"\r")
    while answers and answers[0][0] in seen:
        _, answer = answers.pop(0)
        seen = ""
        time.sleep(0.3)
        os.write(fd, answer.encode() + b"\r")

_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
