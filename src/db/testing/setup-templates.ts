import { inject } from 'vitest';
import { useTestTemplates } from './test-templates.ts';

// Vitest setup file (every test file, both projects): hands the run's templates (global-setup.ts) to this worker.
useTestTemplates(inject('cassaTestTemplates'));
