/**
 * Therapeutic classes in which two concurrent drugs are duplicate therapy, by WHO ATC code
 * prefix (the classes come from the drug vocabulary's ATC codes). Only classes where taking
 * two members together is an error are listed: two NRTIs, two antineoplastics or two
 * antituberculosis drugs are standard regimens and are not duplicates.
 */
import type { InteractionSeverity } from './interactionGroups';

/** One duplicate-therapy class. */
export interface DuplicateClass {
  readonly id: string;
  readonly label: string;
  /** ATC code prefixes that make a drug a member. */
  readonly atc: readonly string[];
  /** Members excluded although their ATC code matches (with the reason in a comment). */
  readonly except?: readonly string[];
  readonly severity: InteractionSeverity;
  readonly citation: string;
}

const BNF = 'Joint Formulary Committee. British National Formulary (BNF), Appendix 1 (interactions) and the class monographs';

/** The classes checked for duplicate therapy. */
export const DUPLICATE_CLASSES: readonly DuplicateClass[] = [
  { id: 'anticoagulants', label: 'anticoagulants', atc: ['B01AA', 'B01AB', 'B01AE', 'B01AF'], severity: 'contraindicated', citation: 'US FDA prescribing information: apixaban (Eliquis) and rivaroxaban (Xarelto) sections 2 and 7 (switching between anticoagulants; avoid concomitant use)' },
  // Aspirin (N02BA01) is an antiplatelet first; its pair with an NSAID is an interaction, not a duplicate.
  { id: 'nsaids', label: 'NSAIDs', atc: ['M01A'], severity: 'major', citation: `${BNF}: do not give two NSAIDs together (additive gastrointestinal and renal toxicity)` },
  { id: 'raas', label: 'renin–angiotensin blockers (ACE inhibitor and/or ARB)', atc: ['C09A', 'C09C'], severity: 'major', citation: 'ONTARGET Investigators. N Engl J Med 2008;358:1547-1559; Fried LF et al. (VA NEPHRON-D) N Engl J Med 2013;369:1892-1903' },
  { id: 'ssri-snri', label: 'serotonergic antidepressants (SSRI/SNRI)', atc: ['N06AB', 'N06AX16', 'N06AX21', 'N06AX23', 'N06AX17'], severity: 'major', citation: `${BNF}: antidepressants, serotonin syndrome with combinations` },
  { id: 'benzodiazepines', label: 'benzodiazepines', atc: ['N05BA', 'N05CD', 'N03AE'], severity: 'major', citation: 'American Geriatrics Society 2023 Beers Criteria, J Am Geriatr Soc 2023;71:2052-2081 (benzodiazepines; CNS-active combinations)' },
  { id: 'opioids', label: 'opioids', atc: ['N02A', 'N07BC'], severity: 'major', citation: 'Dowell D et al. CDC Clinical Practice Guideline for Prescribing Opioids for Pain, MMWR Recomm Rep 2022;71(3):1-95' },
  { id: 'beta-blockers', label: 'beta blockers', atc: ['C07A'], severity: 'major', citation: `${BNF}: beta-adrenoceptor blocking drugs` },
  { id: 'sulfonylureas', label: 'sulfonylureas', atc: ['A10BB'], severity: 'major', citation: `${BNF}: sulfonylureas (hypoglycaemia)` },
  { id: 'statins', label: 'statins', atc: ['C10AA'], severity: 'moderate', citation: `${BNF}: statins` },
  { id: 'ppis', label: 'proton pump inhibitors', atc: ['A02BC'], severity: 'moderate', citation: `${BNF}: proton pump inhibitors` },
  { id: 'antipsychotics', label: 'antipsychotics', atc: ['N05A'], except: ['lithium carbonate'], severity: 'moderate', citation: 'NICE CG178 Psychosis and schizophrenia in adults (2014): do not start regular combined antipsychotics except for short periods' },
];
