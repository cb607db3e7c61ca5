#!/usr/bin/env node
// A recording stand-in for `systemctl restart <unit>`: it touches nothing on the machine. It
// appends what it was asked to a log file and marks the pretend service as up in a state file.
//
//   node fake-systemctl.mjs <state-file> <log-file> restart <unit>
import { appendFileSync, writeFileSync } from 'node:fs';

const [stateFile, logFile, verb, unit] = process.argv.slice(2);
if (!stateFile || !logFile || verb !== 'restart' || !unit) {
  console.error('usage: fake-systemctl.mjs <state-file> <log-file> restart <unit>');
  process.exit(2);
}
appendFileSync(logFile, `restart ${unit}\n`);
writeFileSync(stateFile, 'up');
console.log(`${unit}.service restarted (pretend)`);
