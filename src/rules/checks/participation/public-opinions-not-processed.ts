import { whenMissing } from '../support'

/** Arts. 18, 29(2): opinions gathered but never studied before the discussion. */
export const publicOpinionsNotProcessed = whenMissing('public_opinions_processed', 'public-opinions-not-processed')
