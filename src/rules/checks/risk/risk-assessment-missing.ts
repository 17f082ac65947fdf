import { whenMissing } from '../support'

/** Art. 22: a stability or safety risk and no assessment before the discussion. */
export const riskAssessmentMissing = whenMissing('risk_assessment', 'risk-assessment-missing')
