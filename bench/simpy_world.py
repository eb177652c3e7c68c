#!/usr/bin/python3
"""The reference that world_bench is measured against: the same world written in SimPy 3.

World_bench's world (bench/world_bench.cpp): MTA i serves domain i and has one user, who
submits on port 587 with AUTH and writes each message to one of five fixed addresses at other
domains. Every message crosses two SMTP sessions over 40 ms links: user -> own MTA (greeting,
EHLO, AUTH, MAIL+RCPT+DATA pipelined, the content with QUIT behind it: 5 round trips) and, from
the end of DATA on, own MTA -> the recipient's MX (the same without AUTH: 4 round trips), where it is
filed in a mailbox. Each round trip is one timeout, which is as cheap as a SimPy model of it
gets; the relay decision, the AUTH check, the MX lookup and the mailbox are dictionary
lookups. Prints the same figures as world_bench, so bench/versus-simpy reads both alike.

Usage: simpy_world.py [MTAS] [MESSAGES]
"""
import random
import resource
import sys
import time

import simpy

LATENCY = 0.040  # seconds, one way
ROUND_TRIP = 2 * LATENCY
HOURS = 24
MAX_SESSIONS = 100  # Postfix's default_process_limit


def domain_name(i):
    return "d%d.example" % i


class Mta:
    def __init__(self, index):
        self.domain = domain_name(index)
        self.sasl_users = {"user": "secret"}
        self.active = 0


class World:
    def __init__(self, mtas, messages):
        self.env = simpy.Environment()
        self.random = random.Random(1)
        self.mtas = [Mta(i) for i in range(mtas)]
        self.mx = {domain_name(i): i for i in range(mtas)}
        self.mailboxes = {}
        self.per_user = messages // mtas
        self.rate_per_second = 1.2 * self.per_user / (HOURS * 3600.0)
        self.submitted = 0
        self.delivered = 0
        self.refused = 0
        self.users = []
        for i in range(mtas):
            to = ["rcpt%d@%s" % (k, domain_name((i * 7919 + k * 104729) % mtas)) for k in range(1, 6)]
            self.users.append((i, to))

    def start(self):
        for mta, to in self.users:
            self.env.process(self.user(mta, to))

    def user(self, mta, to):
        for _ in range(self.per_user):
            yield self.env.timeout(self.random.expovariate(self.rate_per_second))
            self.submitted += 1
            self.env.process(self.submission(mta, self.random.choice(to)))

    def open_session(self, server):
        """The greeting: 220, or 421 when the server has no session left."""
        yield self.env.timeout(ROUND_TRIP)
        if server.active >= MAX_SESSIONS:
            return False
        server.active += 1
        return True

    def submission(self, mta, rcpt):
        server = self.mtas[mta]
        if not (yield from self.open_session(server)):
            self.refused += 1
            return
        yield self.env.timeout(ROUND_TRIP)  # EHLO
        yield self.env.timeout(ROUND_TRIP)  # AUTH PLAIN
        authenticated = server.sasl_users.get("user") == "secret"
        yield self.env.timeout(ROUND_TRIP)  # MAIL, RCPT, DATA: the relay decision
        domain = rcpt.rsplit("@", 1)[1]
        if authenticated or domain == server.domain:
            yield self.env.timeout(ROUND_TRIP)  # the content, "." and QUIT; 250 queued and 221
            self.env.process(self.relay(mta, rcpt, domain))
        else:
            self.refused += 1
            yield self.env.timeout(ROUND_TRIP)  # QUIT
        server.active -= 1

    def relay(self, mta, rcpt, domain):
        server = self.mtas[self.mx[domain]]
        if not (yield from self.open_session(server)):
            self.refused += 1
            return
        yield self.env.timeout(ROUND_TRIP)  # EHLO
        yield self.env.timeout(ROUND_TRIP)  # MAIL, RCPT, DATA: local domain, accepted
        if domain == server.domain:
            yield self.env.timeout(ROUND_TRIP)  # the content, "." and QUIT; 250 queued and 221
            self.mailboxes[rcpt] = self.mailboxes.get(rcpt, 0) + 1
            self.delivered += 1
        else:
            self.refused += 1
            yield self.env.timeout(ROUND_TRIP)  # QUIT
        server.active -= 1


def main():
    mtas = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    messages = int(sys.argv[2]) if len(sys.argv) > 2 else 1000000
    t0 = time.perf_counter()
    world = World(mtas, messages)
    world.start()
    t1 = time.perf_counter()
    world.env.run(until=HOURS * 3600)
    t2 = time.perf_counter()
    run_s = t2 - t1
    print("simpy_world: %d MTAs, %d messages" % (mtas, world.submitted))
    print("  build          %8.2f s" % (t1 - t0))
    print("  run            %8.2f s" % run_s)
    print("  messages/s     %12.0f" % (world.submitted / run_s))
    print("  delivered      %12d" % world.delivered)
    print("  peak memory    %8.1f MiB" % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0))


if __name__ == "__main__":
    main()
