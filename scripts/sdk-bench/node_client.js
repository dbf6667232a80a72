// Client CPU per request of the official Node.js SDK (tencentcloud-sdk-nodejs) on loopback.
//
// Sends CAR ApplyConcurrent with keep-alive to http://HOST at each concurrency (one client,
// that many requests in flight) and prints, per concurrency, the CPU time (user + system,
// process.cpuUsage) of this process per request after a warm-up, in the format of
// tests/e2e/examples/loopback_cpu.rs.
//
// Usage: node node_client.js HOST:PORT REQUESTS 1,64, with BENCH_SECRET_ID and
// BENCH_SECRET_KEY set and NODE_PATH naming the node_modules the SDK is installed in (run by
// scripts/bench_sdks.py).
"use strict";

const http = require("http");
const tencentcloud = require("tencentcloud-sdk-nodejs");

const [host, totalArg, concArg] = process.argv.slice(2);
const total = Number(totalArg);

// The SDK takes the signature's service name from the endpoint's first label, so the
// endpoint is named `car.<something>` and the agent resolves every name to the server.
const [, port] = host.split(":");
const endpoint = `car.tcapi-mock.test:${port}`;
const hostOnly = host.slice(0, host.lastIndexOf(":"));
function lookup(_name, options, callback) {
  if (options && options.all) {
    callback(null, [{ address: hostOnly, family: 4 }]);
  } else {
    callback(null, hostOnly, 4);
  }
}

function makeClient(concurrency) {
  return new tencentcloud.car.v20220110.Client({
    credential: {
      secretId: process.env.BENCH_SECRET_ID,
      secretKey: process.env.BENCH_SECRET_KEY,
    },
    region: "ap-guangzhou",
    profile: {
      httpProfile: {
        endpoint,
        protocol: "http://",
        reqMethod: "POST",
        agent: new http.Agent({ keepAlive: true, maxSockets: concurrency, lookup }),
      },
    },
  });
}

function request(i) {
  return {
    UserId: `user-${String(i).padStart(6, "0")}`,
    UserIp: "203.0.113.7",
    ProjectId: "cap-abcdefgh",
    ApplicationId: "app-a1b2c3d4",
  };
}

async function run(client, n, concurrency) {
  const per = Math.floor(n / concurrency);
  const workers = [];
  for (let t = 0; t < concurrency; t++) {
    workers.push(
      (async () => {
        for (let i = 0; i < per; i++) {
          await client.ApplyConcurrent(request(t * per + i));
        }
      })(),
    );
  }
  await Promise.all(workers);
  return per * concurrency;
}

async function main() {
  for (const c of concArg.split(",").map(Number)) {
    const client = makeClient(c);
    await run(client, Math.max(Math.floor(total / 10), c), c); // warm-up
    const cpu0 = process.cpuUsage();
    const wall = process.hrtime.bigint();
    const n = await run(client, total, c);
    const elapsed = Number(process.hrtime.bigint() - wall) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    const per = (us) => (us / n).toFixed(1);
    console.log(
      `concurrency ${String(c).padStart(2)}: ${n} requests, client CPU ${per(cpu.user + cpu.system)} µs/request ` +
        `(user ${per(cpu.user)}, system ${per(cpu.system)}), ${(n / elapsed).toFixed(0)} requests/s`,
    );
  }
}

main().catch((e) => {
  console.error(`a request failed: ${e}`);
  process.exit(1);
});
