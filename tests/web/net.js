// net.js: small network helpers for tests/web.sh.
//   node net.js free              print a free TCP port on 127.0.0.1
//   node net.js wait PORT PID MS  wait until 127.0.0.1:PORT accepts a
//                                 connection (exit 0), PID exits (1) or
//                                 MS milliseconds pass (1)
'use strict';
const net = require('node:net');

function free() {
	const srv = net.createServer();
	srv.listen(0, '127.0.0.1', () => {
		const { port } = srv.address();
		srv.close(() => console.log(port));
	});
}

function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return e.code === 'EPERM';
	}
}

function wait(port, pid, ms) {
	const deadline = Date.now() + ms;
	const attempt = () => {
		const sock = net.connect({ host: '127.0.0.1', port });
		sock.once('connect', () => {
			sock.destroy();
			process.exit(0);
		});
		sock.once('error', () => {
			sock.destroy();
			if (pid && !alive(pid)) {
				console.error(`net.js: process ${pid} exited before port ${port} opened`);
				process.exit(1);
			}
			if (Date.now() > deadline) {
				console.error(`net.js: nothing listens on 127.0.0.1:${port} after ${ms} ms`);
				process.exit(1);
			}
			setTimeout(attempt, 25);
		});
	};
	attempt();
}

const [cmd, ...args] = process.argv.slice(2);
if (cmd === 'free') {
	free();
} else if (cmd === 'wait' && args.length === 3) {
	wait(Number(args[0]), Number(args[1]), Number(args[2]));
} else {
	console.error('usage: node net.js free | wait PORT PID MS');
	process.exit(2);
}
