// The action's entry point for tests and local runners: the GitHub front-end's run().
export { run } from "./action/main.js";
