#!/usr/bin/python3
"""A real SMTP server on loopback for the alert tests (aiosmtpd, Debian's python3-aiosmtpd).

Each message it accepts is written to DIR as one file (the envelope as two X-Envelope lines,
then the message as received) before the server answers 250, so that a test sees every message
the client was told was accepted. Writes its port to READY when it listens; stops on SIGTERM.

    smtp_sink.py --port PORT --dir DIR --ready READY [--delay SECONDS]

--delay: each message is answered that long after its data arrived (a slow server).
"""
import argparse
import asyncio
import os
import signal

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder, delay):
        self.folder = folder
        self.delay = delay
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        if self.delay > 0:
            await asyncio.sleep(self.delay)
        self.count += 1
        name = os.path.join(self.folder, "%d-%05d.eml" % (os.getpid(), self.count))
        with open(name + ".tmp", "wb") as out:
            out.write(("X-Envelope-From: %s\r\nX-Envelope-To: %s\r\n"
                       % (envelope.mail_from, ",".join(envelope.rcpt_tos))).encode())
            out.write(envelope.original_content or envelope.content)
        os.rename(name + ".tmp", name)
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--ready", required=True)
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args()
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    controller = Controller(Sink(args.dir, args.delay), hostname="127.0.0.1", port=args.port)
    controller.start()
    with open(args.ready + ".tmp", "w") as out:
        out.write(str(args.port))
    os.rename(args.ready + ".tmp", args.ready)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


if __name__ == "__main__":
    main()
