// Every demo decision, in the order docs/demo.md lists them.
import type { DemoActorName } from '../jurisdiction'
import type { DemoDecision } from '../types'
import { transitFares } from './01-transit-fares'
import { oldNeighbourhoodRenovation } from './02-old-neighbourhood-renovation'
import { wasteIncineration } from './03-waste-incineration'
import { waterPriceTiers } from './04-water-price-tiers'
import { schoolDistricts } from './05-school-districts'
import { parkAndRide } from './06-park-and-ride'
import { landSupplyPlan } from './07-land-supply-plan'
import { healthcareConsortium } from './08-healthcare-consortium'
import { marketAccessPilot } from './09-market-access-pilot'
import { heritageProtection } from './10-heritage-protection'
import { emergencyReserves } from './11-emergency-reserves'
import { funeralFacilities } from './12-funeral-facilities'
import { machineryRestriction } from './13-machinery-restriction'
import { urbanVillageRenewal } from './14-urban-village-renewal'
import { childcareSubsidy } from './15-childcare-subsidy'
import { busNetwork } from './16-bus-network'

export const demoDecisions: readonly DemoDecision<DemoActorName>[] = [
  transitFares,
  oldNeighbourhoodRenovation,
  wasteIncineration,
  waterPriceTiers,
  schoolDistricts,
  parkAndRide,
  landSupplyPlan,
  healthcareConsortium,
  marketAccessPilot,
  heritageProtection,
  emergencyReserves,
  funeralFacilities,
  machineryRestriction,
  urbanVillageRenewal,
  childcareSubsidy,
  busNetwork,
]
