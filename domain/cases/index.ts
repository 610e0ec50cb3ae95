// Case (办件) rules: event log, state machine, projection, case types, case numbers.
export * from './caseTypes';
export * from './caseNumber';
export * from './events';
export * from './stateMachine';
export * from './order';
export * from './projection';
export * from './applicantMask';
export * from './packageStatus';
export * from './packageStats';
