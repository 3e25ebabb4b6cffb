// npm run lint-corpus: prints the linter's recall and precision per rule on corpus/lint-cases.yaml.
import { readCorpus, renderScore, scoreCorpus } from "./lint-corpus-score.js";

const score = scoreCorpus(readCorpus());
console.log(renderScore(score));
if (score.crashes.length > 0) process.exit(1);
