#!/usr/bin/env python3
"""Run a command on a pseudo-terminal and answer its prompts, as afo does over SSH with a PTY.

Input (stdin, JSON, so answers never appear in argv): {"argv": [...], "answers": [[regex, text], ...],
"timeout": seconds}. Each answer is sent once, in order, when its regex appears in the output
after the previous answer. Output: the command's terminal output. Exit status: the command's.
"""
import json
import os
import pty
import re
import select
import sys
import time


def main():
    spec = json.loads(sys.stdin.read())
    answers = list(spec.get("answers", []))
    deadline = time.time() + float(spec.get("timeout", 600))
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(spec["argv"][0], spec["argv"])
    seen, pos = "", 0
    while True:
        if time.time() > deadline:
            os.kill(pid, 9)
            sys.stdout.write("\n[pty_answer] timeout\n")
            sys.exit(124)
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                data = os.read(fd, 4096)
            except OSError:
                data = b""
            if not data:
                break
            text = data.decode("utf-8", "replace")
            sys.stdout.write(text)
            sys.stdout.flush()
            seen += text
        if answers and re.search(answers[0][0], seen[pos:]):
            pos = len(seen)
            time.sleep(0.1)
            os.write(fd, (answers.pop(0)[1] + "\n").encode())
    _, status = os.waitpid(pid, 0)
    sys.exit(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
