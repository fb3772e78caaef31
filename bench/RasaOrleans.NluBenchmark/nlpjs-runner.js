// Trains NLP.js (node-nlp) on each corpus of a job file and reports predictions and per-call parse times.
// Usage: node nlpjs-runner.js <job.json> <node_modules folder>
// job.json: {"warmupMs": n, "rounds": n, "corpora": [{"name", "train": [{"text", "intent"}], "test": ["text", ...]}]}
'use strict';
const fs = require('fs');
const path = require('path');

async function main() {
  const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const { NlpManager } = require(path.join(process.argv[3], 'node-nlp'));
  const results = [];
  for (const corpus of job.corpora) {
    const manager = new NlpManager({ languages: ['en'], autoSave: false, nlu: { log: false } });
    for (const example of corpus.train) {
      manager.addDocument('en', example.text, example.intent);
    }
    const trainStart = process.hrtime.bigint();
    await manager.train();
    const trainMs = Number(process.hrtime.bigint() - trainStart) / 1e6;

    const predictions = [];
    for (const text of corpus.test) {
      const result = await manager.process('en', text);
      predictions.push(result.intent);
    }

    const warmupEnd = Date.now() + job.warmupMs;
    let i = 0;
    while (Date.now() < warmupEnd) {
      await manager.process('en', corpus.test[i++ % corpus.test.length]);
    }

    const timesUs = [];
    for (let round = 0; round < job.rounds; round++) {
      for (const text of corpus.test) {
        const start = process.hrtime.bigint();
        await manager.process('en', text);
        timesUs.push(Number(process.hrtime.bigint() - start) / 1e3);
      }
    }

    results.push({ name: corpus.name, trainMs, predictions, timesUs });
  }
  process.stdout.write(JSON.stringify({ version: require(path.join(process.argv[3], 'node-nlp', 'package.json')).version, results }));
}

main().catch(e => { console.error(e); process.exit(1); });
