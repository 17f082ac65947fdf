import { whenMissing } from '../support'

/** Art. 14(3): a special group's interests at stake and its representatives not consulted. */
export const specialGroupNotConsulted = whenMissing('special_group_consultation', 'special-group-not-consulted')
