// Public surface of the event schemas: import from 'src/domain/events', not from the files.
export * from './decision-events'
export * from './directory-events'
export * from './doc-refs'
export * from './labels'
export * from './primitives'
