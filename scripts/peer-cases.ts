// npm run peer-cases: the linter's score on the cases Squawk's and strong_migrations'
// documentation call safe or unsafe (corpus/peer-cases.yaml), as docs/peer-cases.md shows it.
import { readPeerCases, renderPeerScore, scorePeerCases } from "./peer-cases-score.js";

console.log(renderPeerScore(scorePeerCases(readPeerCases())));
