#!/usr/bin/python3
"""A real SMTP server for the tests (Debian's python3-aiosmtpd).

    smtp_sink.py DIR [PORT]

Listens on 127.0.0.1:PORT (0 or none: a free port), prints the port on the
first line of stdout, and writes every mail it accepts to DIR as one JSON
file (envelope, headers, and the decoded text and HTML parts), so a test
reads what a mail program would show. Runs until it is killed.
"""

import asyncio
import email
import json
import os
import sys
from email import policy

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, out):
        self.out = out
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.original_content or envelope.content,
                                       policy=policy.default)

        def part(kind):
            body = msg.get_body(preferencelist=(kind,))
            return body.get_content() if body is not None else None

        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(msg.get("From", "")),
            "to": str(msg.get("To", "")),
            "reply_to": str(msg.get("Reply-To", "")) or None,
            "subject": str(msg.get("Subject", "")),
            "content_type": msg.get_content_type(),
            "text": part("plain"),
            "html": part("html"),
        }
        self.count += 1
        name = os.path.join(self.out, "%d-%06d.json" % (os.getpid(), self.count))
        with open(name + ".tmp", "w", encoding="utf-8") as f:
            json.dump(record, f)
        os.replace(name + ".tmp", name)
        return "250 Message accepted"


async def main():
    out = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    os.makedirs(out, exist_ok=True)
    loop = asyncio.get_running_loop()
    sink = Sink(out)
    server = await loop.create_server(lambda: SMTP(sink, hostname="sink.test"),
                                      host="127.0.0.1", port=port, reuse_address=True)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
