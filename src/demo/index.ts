// The demo jurisdiction that `npm start` seeds (unless DEMO=0). See docs/demo.md.
export { demoDecisions } from './decisions'
export { type DemoActorName, demoActors, demoDirectory } from './jurisdiction'
export { DIRECTORY_AT, type PlannedStep, planDemo } from './plan'
export { type DemoClient, type DemoSet, type SeedOptions, type SeedResult, seedDemo } from './seed'
export type * from './types'
