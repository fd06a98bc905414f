/*
** generate.c - `solidarityd generate`: writes a directory of fictional organizations in
** the import format, for benchmarks and load tests (see generate.h). Names, services and
** places are drawn from the tables below with a small PRNG of our own (splitmix64), so
** the output is the same on every machine (no floating point: coordinates are whole
** millionths of a degree). Organization i gets its own PRNG stream derived from the seed
** and i. Each organization is written as one line of JSON by the small writer below,
** then freed, so memory stays the same whatever the count.
*/
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>

#include "buf.h"
#include "cli.h"
#include "generate.h"

#define NELEM(a) (sizeof (a) / sizeof (a)[0])
#define TEXT_MAX 1024          /* a generated description, in bytes */

/* ---- the PRNG ------------------------------------------------------------------------ */

struct rng {
	uint64_t state;            /* splitmix64 counter */
};

/* The splitmix64 output function: a bijection of 64-bit values that mixes every bit. */
static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
rng_next(struct rng *r)
{
	r->state += 0x9e3779b97f4a7c15ULL;
	return mix64(r->state);
}

/* A number from 0 to n-1 (n from 1 to 2^32-1). */
static uint32_t
rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

/* 1 with a probability of percent in 100. */
static int
rng_percent(struct rng *r, unsigned percent)
{
	return rng_below(r, 100) < percent;
}

/* The stream of organization index for this seed. */
static struct rng
rng_for_org(unsigned long seed, long index)
{
	struct rng r;

	r.state = mix64(mix64((uint64_t)seed) + (uint64_t)index);
	return r;
}

/* ---- the vocabulary ------------------------------------------------------------------ */

/* Categories in the order of the taxonomy (docs/DATA-FORMAT.md); masks are 1 << CAT_x. */
enum category {
	CAT_HEALTH, CAT_MENTAL_HEALTH, CAT_FOOD, CAT_SHELTER, CAT_HOUSING, CAT_LEGAL,
	CAT_EDUCATION, CAT_WORK, CAT_WOMEN, CAT_FAMILY, CAT_LGBTQ, CAT_COMMUNITY, CAT_ADVOCACY,
	CAT_CULTURE, CAT_COUNT
};

#define CAT(c) (1u << (c))

static const char *const category_ids[CAT_COUNT] = {
	"health", "mental-health", "food", "shelter", "housing", "legal", "education", "work",
	"women", "family", "lgbtq", "community", "advocacy", "culture"
};

static const char *const commitment_ids[] = {
	"status-for-all", "no-status-questions", "status-confidential", "no-status-fees",
	"no-border-agency", "equal-standards"
};

/* Spoken languages: French first, English second, then the others. */
static const char *const language_codes[] = {
	"fr", "en", "es", "ar", "pt", "ht", "zh", "vi", "ta", "fa", "ru", "tl", "uk", "bn",
	"pa", "ur", "so", "ti", "ln", "fcs"
};

struct pair {
	const char *fr;
	const char *en;
};

struct service_tpl {
	struct pair    name;
	struct pair    about;      /* one sentence */
	enum category  category;
};

static const struct service_tpl services[] = {
	{ { "Consultation sans rendez-vous", "Walk-in consultation" },
	  { "Une infirmière ou un médecin le jour même, premier arrivé, premier servi.",
	    "A nurse or a doctor the same day, first come, first served." }, CAT_HEALTH },
	{ { "Vaccination", "Vaccinations" },
	  { "Vaccins de routine pour les enfants et les adultes, sans carte d'assurance maladie.",
	    "Routine vaccines for children and adults, without a health card." }, CAT_HEALTH },
	{ { "Soins infirmiers", "Nursing care" },
	  { "Pansements, prise de tension et suivi des maladies chroniques.",
	    "Dressings, blood pressure checks and follow-up of chronic conditions." }, CAT_HEALTH },
	{ { "Suivi de grossesse", "Pregnancy follow-up" },
	  { "Rencontres avec une sage-femme pendant toute la grossesse.",
	    "Meetings with a midwife throughout the pregnancy." }, CAT_HEALTH },
	{ { "Écoute et soutien psychologique", "Listening and counselling" },
	  { "Des intervenantes écoutent, sans jugement et sans liste d'attente.",
	    "Counsellors listen, without judgement and without a waiting list." }, CAT_MENTAL_HEALTH },
	{ { "Groupe de soutien", "Support group" },
	  { "Un groupe se réunit chaque semaine pour parler de l'exil et de l'attente.",
	    "A group meets every week to talk about exile and waiting." }, CAT_MENTAL_HEALTH },
	{ { "Paniers d'épicerie", "Grocery baskets" },
	  { "Fruits, légumes et produits de base distribués chaque semaine.",
	    "Fruit, vegetables and staples handed out every week." }, CAT_FOOD },
	{ { "Repas communautaires", "Community meals" },
	  { "Un repas chaud servi à toutes et à tous, sans inscription.",
	    "A hot meal served to everyone, no registration." }, CAT_FOOD },
	{ { "Cuisine collective", "Group cooking" },
	  { "On cuisine ensemble et chacun repart avec des portions pour la semaine.",
	    "People cook together and each leaves with portions for the week." }, CAT_FOOD },
	{ { "Hébergement d'urgence", "Emergency shelter" },
	  { "Un lit, une douche et un repas pour la nuit, sans condition de statut.",
	    "A bed, a shower and a meal for the night, whatever the status." }, CAT_SHELTER },
	{ { "Lits de dépannage", "Overnight beds" },
	  { "Quelques lits gardés pour les arrivées de dernière minute.",
	    "A few beds kept for last-minute arrivals." }, CAT_SHELTER },
	{ { "Recherche de logement", "Help finding housing" },
	  { "Aide pour chercher un appartement et parler aux propriétaires.",
	    "Help looking for an apartment and dealing with landlords." }, CAT_HOUSING },
	{ { "Droits des locataires", "Tenants' rights" },
	  { "Information sur les baux, les hausses de loyer et les réparations.",
	    "Information on leases, rent increases and repairs." }, CAT_HOUSING },
	{ { "Consultation juridique gratuite", "Free legal consultation" },
	  { "Une avocate répond aux questions en toute confidentialité.",
	    "A lawyer answers questions in full confidence." }, CAT_LEGAL },
	{ { "Information sur l'immigration", "Immigration information" },
	  { "Les recours possibles expliqués simplement, sans rien transmettre aux autorités.",
	    "The options explained plainly, with nothing passed on to the authorities." }, CAT_LEGAL },
	{ { "Accompagnement au tribunal", "Court accompaniment" },
	  { "Une personne bénévole vous accompagne aux audiences.",
	    "A volunteer goes with you to hearings." }, CAT_LEGAL },
	{ { "Cours de français", "French classes" },
	  { "Cours du jour et du soir, tous niveaux, sans inscription officielle.",
	    "Day and evening classes, all levels, no official registration." }, CAT_EDUCATION },
	{ { "Aide aux devoirs", "Homework help" },
	  { "Des tuteurs aident les enfants du primaire et du secondaire.",
	    "Tutors help primary and secondary school children." }, CAT_EDUCATION },
	{ { "Ateliers d'éducation populaire", "Popular education workshops" },
	  { "Ateliers sur les droits, la santé et la vie au Québec.",
	    "Workshops on rights, health and life in Quebec." }, CAT_EDUCATION },
	{ { "Défense des droits au travail", "Workplace rights defence" },
	  { "Soutien en cas de congédiement, d'accident ou de harcèlement au travail.",
	    "Support after a dismissal, an accident or harassment at work." }, CAT_WORK },
	{ { "Réclamations de salaire impayé", "Unpaid wage claims" },
	  { "On aide à réclamer le salaire dû, même sans permis de travail.",
	    "Help claiming wages owed, even without a work permit." }, CAT_WORK },
	{ { "Halte-garderie", "Drop-in daycare" },
	  { "Les enfants sont gardés pendant les rendez-vous des parents.",
	    "Children are looked after during their parents' appointments." }, CAT_FAMILY },
	{ { "Activités parents-enfants", "Parent and child activities" },
	  { "Jeux, lecture et sorties pour les familles.",
	    "Games, reading and outings for families." }, CAT_FAMILY },
	{ { "Accueil des femmes", "Women's drop-in" },
	  { "Un lieu de rencontre pour les femmes, avec ou sans enfants.",
	    "A meeting place for women, with or without children." }, CAT_WOMEN },
	{ { "Soutien aux victimes de violence", "Support for survivors of violence" },
	  { "Accompagnement confidentiel et plan de sécurité.",
	    "Confidential support and safety planning." }, CAT_WOMEN },
	{ { "Groupe LGBTQ+ de personnes nouvelles arrivantes", "LGBTQ+ newcomers' group" },
	  { "Rencontres mensuelles dans un espace sûr.",
	    "Monthly meetings in a safe space." }, CAT_LGBTQ },
	{ { "Ateliers d'art", "Art workshops" },
	  { "Peinture, musique et écriture, le matériel est fourni.",
	    "Painting, music and writing, materials provided." }, CAT_CULTURE },
	{ { "Comptoir vestimentaire", "Clothing counter" },
	  { "Vêtements chauds et articles pour bébés donnés gratuitement.",
	    "Warm clothes and baby items given for free." }, CAT_COMMUNITY },
	{ { "Accueil et orientation", "Reception and referral" },
	  { "On écoute votre situation et on vous oriente vers les bonnes ressources.",
	    "We listen to your situation and point you to the right places." }, CAT_COMMUNITY },
	{ { "Clinique d'impôts", "Tax clinic" },
	  { "Déclarations de revenus remplies par des bénévoles.",
	    "Tax returns filled in by volunteers." }, CAT_COMMUNITY },
	{ { "Accompagnement aux rendez-vous", "Accompaniment to appointments" },
	  { "Une personne vous accompagne à l'hôpital, à l'école ou au bureau.",
	    "Someone goes with you to the hospital, the school or an office." }, CAT_ADVOCACY },
	{ { "Interprétariat", "Interpreting" },
	  { "Des interprètes bénévoles pour les rendez-vous importants.",
	    "Volunteer interpreters for important appointments." }, CAT_COMMUNITY },
	{ { "Mobilisation et campagnes", "Organizing and campaigns" },
	  { "Assemblées ouvertes et campagnes pour un statut pour toutes et tous.",
	    "Open assemblies and campaigns for status for all." }, CAT_ADVOCACY },
};

/* Services any kind of organization may also offer (indexes into services[]). */
static const unsigned char generic_services[] = { 27, 28, 29, 30, 31 };

#define KIND_SERVICES 5

/* A kind of organization: its name, its categories, its own services. */
struct kind {
	struct pair   name;                     /* "Banque alimentaire" / "food bank" */
	struct pair   about;                    /* first sentence of the description */
	unsigned      categories;               /* mask of CAT() */
	unsigned char services[KIND_SERVICES];  /* indexes into services[]; 0xff ends */
	int           shelter;                  /* open at night, sometimes at a hidden address */
};

#define END 0xff

static const struct kind kinds[] = {
	{ { "Centre communautaire", "community centre" },
	  { "Centre communautaire de quartier où l'on vient chercher de l'aide, apprendre et se rencontrer.",
	    "A neighbourhood community centre where people come for help, to learn and to meet." },
	  CAT(CAT_COMMUNITY) | CAT(CAT_EDUCATION) | CAT(CAT_FAMILY), { 28, 16, 22, 27, 7 }, 0 },
	{ { "Clinique communautaire", "community clinic" },
	  { "Clinique sans rendez-vous qui soigne toute personne, avec ou sans carte d'assurance maladie.",
	    "A walk-in clinic caring for anyone, with or without a health card." },
	  CAT(CAT_HEALTH), { 0, 1, 2, 3, END }, 0 },
	{ { "Clinique juridique", "legal clinic" },
	  { "Clinique juridique qui donne de l'information gratuite sur l'immigration, le travail et le logement.",
	    "A legal clinic giving free information on immigration, work and housing." },
	  CAT(CAT_LEGAL) | CAT(CAT_ADVOCACY), { 13, 14, 15, END, END }, 0 },
	{ { "Banque alimentaire", "food bank" },
	  { "Banque alimentaire qui distribue des paniers d'épicerie à toutes les familles du quartier.",
	    "A food bank handing out grocery baskets to every family in the neighbourhood." },
	  CAT(CAT_FOOD), { 6, 7, 27, END, END }, 0 },
	{ { "Maison des femmes", "women's house" },
	  { "Maison des femmes qui accueille, écoute et accompagne les femmes et leurs enfants.",
	    "A women's house that welcomes, listens to and supports women and their children." },
	  CAT(CAT_WOMEN) | CAT(CAT_FAMILY), { 23, 24, 21, END, END }, 0 },
	{ { "Comité logement", "housing committee" },
	  { "Comité logement qui défend les droits des locataires et aide à trouver un toit.",
	    "A housing committee defending tenants' rights and helping people find a home." },
	  CAT(CAT_HOUSING) | CAT(CAT_ADVOCACY), { 11, 12, 32, END, END }, 0 },
	{ { "Cuisine collective", "community kitchen" },
	  { "Cuisine collective où l'on prépare ensemble des repas économiques et nourrissants.",
	    "A community kitchen where people cook affordable, nourishing meals together." },
	  CAT(CAT_FOOD) | CAT(CAT_COMMUNITY), { 8, 7, END, END, END }, 0 },
	{ { "Centre des travailleurs et travailleuses", "workers' centre" },
	  { "Centre de défense des droits des travailleuses et travailleurs, avec ou sans permis.",
	    "A centre defending the rights of workers, with or without a permit." },
	  CAT(CAT_WORK) | CAT(CAT_ADVOCACY), { 19, 20, 18, END, END }, 0 },
	{ { "Refuge", "shelter" },
	  { "Refuge d'urgence qui offre un lit et un repas chaud à toute personne qui en a besoin.",
	    "An emergency shelter offering a bed and a hot meal to anyone who needs one." },
	  CAT(CAT_SHELTER), { 9, 10, 7, END, END }, 1 },
	{ { "Maison d'hébergement", "shelter house" },
	  { "Maison d'hébergement pour femmes et enfants qui fuient la violence.",
	    "A shelter house for women and children fleeing violence." },
	  CAT(CAT_SHELTER) | CAT(CAT_WOMEN), { 9, 24, 21, END, END }, 1 },
	{ { "Centre d'écoute", "listening centre" },
	  { "Centre d'écoute où des intervenantes offrent un soutien psychologique gratuit.",
	    "A listening centre where counsellors offer free psychological support." },
	  CAT(CAT_MENTAL_HEALTH), { 4, 5, END, END, END }, 0 },
	{ { "Maison de la famille", "family house" },
	  { "Maison de la famille qui soutient les parents et offre des activités aux enfants.",
	    "A family house supporting parents and offering activities to children." },
	  CAT(CAT_FAMILY), { 21, 22, 17, END, END }, 0 },
	{ { "Centre d'éducation populaire", "popular education centre" },
	  { "Centre d'éducation populaire qui offre des cours et des ateliers aux adultes.",
	    "A popular education centre offering classes and workshops to adults." },
	  CAT(CAT_EDUCATION), { 18, 16, 17, END, END }, 0 },
	{ { "Collectif arc-en-ciel", "rainbow collective" },
	  { "Collectif par et pour les personnes LGBTQ+ migrantes, qui organise rencontres, "
	    "entraide et défense des droits.",
	    "A collective by and for LGBTQ+ migrants, organizing meetings, mutual aid and "
	    "rights advocacy." },
	  CAT(CAT_LGBTQ) | CAT(CAT_COMMUNITY), { 25, 5, END, END, END }, 0 },
	{ { "Atelier culturel", "cultural workshop" },
	  { "Atelier culturel où l'on crée, expose et raconte les histoires de l'exil.",
	    "A cultural workshop where people create, exhibit and tell stories of exile." },
	  CAT(CAT_CULTURE) | CAT(CAT_COMMUNITY), { 26, 18, END, END, END }, 0 },
	{ { "Comité des personnes sans statut", "committee of people without status" },
	  { "Comité d'action qui réclame un statut pour toutes et tous et accompagne ses membres.",
	    "An action committee demanding status for all and supporting its members." },
	  CAT(CAT_ADVOCACY), { 32, 30, 14, END, END }, 0 },
};

/* Words that stand in for a place in a name: "Banque alimentaire La Ruche". */
static const char *const name_words[] = {
	"La Ruche", "Le Phare", "L'Escale", "Le Relais", "La Passerelle", "Le Carrefour",
	"L'Entraide", "Solidarité", "Horizon", "Racines", "Mosaïque", "Main tendue", "Le Pont",
	"L'Étincelle", "Bon Accueil", "Nouveau Départ", "Les Voisins", "Point commun",
	"La Boussole", "Le Tournesol"
};

/* A neighbourhood: its name, "de ..." form, postal areas (FSA) and centre. */
struct neighbourhood {
	const char *name;
	const char *of;            /* "de Verdun", "du Plateau", "d'Anjou" */
	const char *fsa[3];        /* NULL ends */
	long        lat, lon;      /* centre, in millionths of a degree */
};

static const struct neighbourhood neighbourhoods[] = {
	{ "Parc-Extension", "de Parc-Extension", { "H3N", NULL, NULL }, 45530000, -73630000 },
	{ "Côte-des-Neiges", "de Côte-des-Neiges", { "H3S", "H3T", "H3W" }, 45496000, -73627000 },
	{ "Notre-Dame-de-Grâce", "de Notre-Dame-de-Grâce", { "H4A", "H4B", NULL }, 45472000, -73615000 },
	{ "Snowdon", "de Snowdon", { "H3X", NULL, NULL }, 45487000, -73632000 },
	{ "Saint-Henri", "de Saint-Henri", { "H4C", NULL, NULL }, 45478000, -73585000 },
	{ "Petite-Bourgogne", "de la Petite-Bourgogne", { "H3J", NULL, NULL }, 45486000, -73573000 },
	{ "Pointe-Saint-Charles", "de Pointe-Saint-Charles", { "H3K", NULL, NULL }, 45479000, -73560000 },
	{ "Verdun", "de Verdun", { "H4G", "H4H", NULL }, 45458000, -73572000 },
	{ "Ville-Émard", "de Ville-Émard", { "H4E", NULL, NULL }, 45453000, -73600000 },
	{ "LaSalle", "de LaSalle", { "H8N", "H8P", NULL }, 45430000, -73628000 },
	{ "Lachine", "de Lachine", { "H8S", "H8T", NULL }, 45441000, -73690000 },
	{ "Centre-Sud", "du Centre-Sud", { "H2K", "H2L", NULL }, 45525000, -73552000 },
	{ "Ville-Marie", "de Ville-Marie", { "H2X", "H2Z", "H3B" }, 45507000, -73565000 },
	{ "Hochelaga-Maisonneuve", "d'Hochelaga-Maisonneuve", { "H1V", "H1W", NULL }, 45545000, -73540000 },
	{ "Mercier-Est", "de Mercier-Est", { "H1L", "H1N", NULL }, 45585000, -73520000 },
	{ "Rosemont", "de Rosemont", { "H1X", "H1Y", "H1T" }, 45552000, -73580000 },
	{ "Petite-Patrie", "de la Petite-Patrie", { "H2S", "H2G", NULL }, 45537000, -73603000 },
	{ "Plateau-Mont-Royal", "du Plateau", { "H2H", "H2J", "H2W" }, 45522000, -73580000 },
	{ "Mile End", "du Mile End", { "H2T", "H2V", NULL }, 45524000, -73600000 },
	{ "Villeray", "de Villeray", { "H2E", "H2P", "H2R" }, 45545000, -73620000 },
	{ "Saint-Michel", "de Saint-Michel", { "H1Z", "H2A", NULL }, 45565000, -73610000 },
	{ "Ahuntsic", "d'Ahuntsic", { "H2B", "H2C", "H3L" }, 45555000, -73665000 },
	{ "Cartierville", "de Cartierville", { "H4J", "H4K", NULL }, 45530000, -73715000 },
	{ "Saint-Laurent", "de Saint-Laurent", { "H4L", "H4M", "H4N" }, 45505000, -73685000 },
	{ "Montréal-Nord", "de Montréal-Nord", { "H1G", "H1H", NULL }, 45600000, -73625000 },
	{ "Rivière-des-Prairies", "de Rivière-des-Prairies", { "H1C", "H1E", NULL }, 45640000, -73580000 },
	{ "Pointe-aux-Trembles", "de Pointe-aux-Trembles", { "H1A", "H1B", NULL }, 45655000, -73505000 },
	{ "Anjou", "d'Anjou", { "H1K", "H1J", NULL }, 45605000, -73560000 },
	{ "Saint-Léonard", "de Saint-Léonard", { "H1P", "H1R", "H1S" }, 45585000, -73595000 },
	{ "Pierrefonds-Roxboro", "de Pierrefonds", { "H8Y", "H8Z", "H9H" }, 45490000, -73850000 },
	{ "L'Île-Bizard", "de L'Île-Bizard", { "H9C", "H9E", NULL }, 45495000, -73890000 },
};

static const char *const streets[] = {
	"rue Saint-Denis", "boulevard Saint-Laurent", "rue Ontario Est", "rue Jean-Talon Ouest",
	"avenue du Parc", "rue Sherbrooke Est", "rue Wellington", "rue Notre-Dame Ouest",
	"boulevard Pie-IX", "rue Beaubien Est", "rue Sainte-Catherine Est",
	"chemin de la Côte-des-Neiges", "avenue Van Horne", "rue Fleury Est",
	"boulevard Henri-Bourassa Est", "rue Hochelaga", "avenue Papineau", "rue Rachel Est",
	"avenue du Mont-Royal Est", "rue Centre", "rue Bélanger", "boulevard Décarie",
	"rue Sherbrooke Ouest", "avenue de l'Église", "rue Jarry Est", "rue Saint-Hubert",
	"boulevard Saint-Michel", "rue Sauvé Ouest", "avenue Somerled", "rue Notre-Dame Est"
};

/* The second sentence of a description: about whom and how. */
static const struct pair welcome_sentences[] = {
	{ "Personne ne demande de pièce d'identité ni de statut d'immigration.",
	  "Nobody asks for ID or immigration status." },
	{ "Les services sont offerts à toute personne, avec ou sans papiers.",
	  "Services are open to everyone, with or without papers." },
	{ "Les renseignements personnels restent confidentiels et ne sont jamais transmis aux autorités.",
	  "Personal information stays confidential and is never passed on to the authorities." },
	{ "L'équipe parle plusieurs langues et peut trouver une interprète au besoin.",
	  "The team speaks several languages and can find an interpreter when needed." },
	{ "Les familles avec enfants sont les bienvenues.",
	  "Families with children are welcome." },
	{ "Des bénévoles accompagnent les personnes dans leurs démarches.",
	  "Volunteers accompany people through their applications and appointments." },
	{ "Un café et une collation sont offerts à l'accueil.",
	  "Coffee and a snack are offered at the front desk." },
	{ "Il est préférable d'appeler avant de venir pour une première visite.",
	  "It is best to call before a first visit." },
};

static const char *const verifiers[] = {
	"Comité de vérification (démo)", "Coordination Ville solidaire (démo)",
	"Bénévole de vérification (démo)"
};

static const struct pair door_notes[] = {
	{ "Aucune pièce d'identité demandée", "No ID asked" },
	{ "On demande seulement un prénom", "Only a first name is asked" },
	{ "Une adresse pour vous joindre, jamais le statut", "An address to reach you, never your status" },
};

/* The first for sliding-scale services, the others for services with a fee. */
static const struct pair fee_notes[] = {
	{ "Contribution selon le revenu, personne n'est refusé",
	  "Contribution based on income; nobody is turned away" },
	{ "Petite contribution de 2 $, gratuite sur demande", "A small $2 contribution, free on request" },
	{ "Frais d'inscription de 5 $, annulés sur demande", "$5 registration fee, waived on request" },
};

static const struct pair accessibility_notes[] = {
	{ "Entrée de plain-pied, toilettes adaptées.", "Step-free entrance, accessible washroom." },
	{ "Ascenseur jusqu'au deuxième étage.", "Lift to the second floor." },
	{ "Trois marches à l'entrée, rampe sur demande.", "Three steps at the entrance, ramp on request." },
};

static const struct pair phone_labels[] = {
	{ "Accueil", "Front desk" },
	{ "Ligne d'écoute", "Listening line" },
	{ "Intervenante de nuit", "Night worker" },
	{ "Rendez-vous", "Appointments" },
};

static const struct pair call_first_note = {
	"Appelez avant de venir : l'adresse est donnée au téléphone.",
	"Call before coming: the address is given over the phone."
};

static const struct pair confidential_name = { "Lieu confidentiel", "Confidential site" };

/* ---- opening hours ------------------------------------------------------------------- */

static const char *const day_names[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

#define WEEKDAYS 0x1fu
#define ALL_DAYS 0x7fu

struct hours_rule {
	unsigned    days;          /* bit 0 = mon ... bit 6 = sun; 0 ends a pattern */
	const char *opens, *closes;
};

enum hours_pattern { HOURS_OFFICE, HOURS_EVENINGS, HOURS_SHORT_WEEK, HOURS_AFTERNOONS,
	HOURS_OVERNIGHT, HOURS_ALWAYS, HOURS_COUNT };

static const struct hours_rule hours_patterns[HOURS_COUNT][3] = {
	[HOURS_OFFICE] = { { WEEKDAYS, "09:00", "17:00" } },
	[HOURS_EVENINGS] = { { WEEKDAYS, "09:00", "17:00" }, { 0x0au, "18:00", "21:00" } },
	[HOURS_SHORT_WEEK] = { { 0x1eu, "10:00", "16:00" } },
	[HOURS_AFTERNOONS] = { { WEEKDAYS, "13:00", "20:00" }, { 0x20u, "10:00", "14:00" } },
	[HOURS_OVERNIGHT] = { { ALL_DAYS, "20:00", "08:00" } },
	[HOURS_ALWAYS] = { { ALL_DAYS, "00:00", "24:00" } },
};

/* ---- dates --------------------------------------------------------------------------- */

/* Days since 1970-01-01 of a civil date (proleptic Gregorian, year >= 1). */
static long
days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = y / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

/* "YYYY-MM-DD" of a day number (days since 1970-01-01, after year 1). */
static void
date_text(long days, char out[11])
{
	long z = days + 719468, era = z / 146097, y;
	unsigned doe = (unsigned)(z - era * 146097), yoe, doy, mp, d, m;

	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y = (long)yoe + era * 400 + (m <= 2);
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, m % 100u, d % 100u);
}

/* ---- writing JSON -------------------------------------------------------------------- */

/* A JSON writer into a buffer, one organization on one line with ", " and ": " between
** items. Every string goes through jw_escaped. Running out of memory marks the buffer
** failed (buf.h), and the caller checks once per organization. (jansson's dump is several
** times slower than building the text directly, and we never need the tree.) */
struct jw {
	struct buf *out;
	int         first;     /* nothing written yet in the innermost object or array */
};

/* s as the inside of a JSON string: quote, backslash and control characters escaped. */
static void
jw_escaped(struct buf *b, const char *s)
{
	const char *run = s;
	unsigned char c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_append(b, run, (size_t)(s - run));
		if (c == '"' || c == '\\')
			buf_printf(b, "\\%c", c);
		else
			buf_printf(b, "\\u%04x", c);
		run = s + 1;
	}
	buf_append(b, run, (size_t)(s - run));
}

/* The separator before an item and, inside an object, its key (NULL in an array). */
static void
jw_item(struct jw *w, const char *key)
{
	if (!w->first)
		buf_append(w->out, ", ", 2);
	w->first = 0;
	if (key != NULL) {
		buf_putc(w->out, '"');
		jw_escaped(w->out, key);
		buf_append(w->out, "\": ", 3);
	}
}

/* Open an object ('{') or an array ('['). */
static void
jw_open(struct jw *w, const char *key, char bracket)
{
	jw_item(w, key);
	buf_putc(w->out, bracket);
	w->first = 1;
}

static void
jw_close(struct jw *w, char bracket)
{
	buf_putc(w->out, bracket);
	w->first = 0;
}

static void
jw_string(struct jw *w, const char *key, const char *s)
{
	jw_item(w, key);
	buf_putc(w->out, '"');
	jw_escaped(w->out, s);
	buf_putc(w->out, '"');
}

static void
jw_bool(struct jw *w, const char *key, int value)
{
	jw_item(w, key);
	buf_puts(w->out, value ? "true" : "false");
}

/* A number of millionths as a decimal ("-73.612345"), written from integers so that
** every machine prints the same digits. */
static void
jw_millionths(struct jw *w, const char *key, long millionths)
{
	long a = millionths < 0 ? -millionths : millionths;

	jw_item(w, key);
	buf_printf(w->out, "%s%ld.%06ld", millionths < 0 ? "-" : "", a / 1000000, a % 1000000);
}

static void
jw_date(struct jw *w, const char *key, long days)
{
	char text[11];

	date_text(days, text);
	jw_string(w, key, text);
}

/* A text map {"fr": ..., "en": ...}. */
static void
jw_text_map(struct jw *w, const char *key, const char *fr, const char *en)
{
	jw_open(w, key, '{');
	jw_string(w, "fr", fr);
	jw_string(w, "en", en);
	jw_close(w, '}');
}

static void
jw_pair(struct jw *w, const char *key, const struct pair *p)
{
	jw_text_map(w, key, p->fr, p->en);
}

/* ---- one organization ---------------------------------------------------------------- */

/* What the parts of one organization share while it is being written. */
struct org_ctx {
	struct rng                  rng;
	struct jw                  *w;
	long                        serial;    /* 1-based, makes the name unique */
	const struct kind          *kind;
	const struct neighbourhood *home;      /* its first location's neighbourhood */
	int                         provider;  /* provides_services */
	long                        endorsed, verified, updated;   /* day numbers */
};

/* A version-4 style UUID from 122 random bits. */
static void
put_uuid(struct org_ctx *o)
{
	uint64_t hi = rng_next(&o->rng), lo = rng_next(&o->rng);
	char text[37];

	hi = (hi & ~0xf000ULL) | 0x4000ULL;
	lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
	snprintf(text, sizeof text, "%08lx-%04lx-%04lx-%04lx-%012llx",
	    (unsigned long)(hi >> 32), (unsigned long)((hi >> 16) & 0xffff),
	    (unsigned long)(hi & 0xffff), (unsigned long)(lo >> 48),
	    (unsigned long long)(lo & 0xffffffffffffULL));
	jw_string(o->w, "id", text);
}

/* The categories of mask, in taxonomy order. */
static void
put_categories(struct jw *w, unsigned mask)
{
	int c;

	jw_open(w, "categories", '[');
	for (c = 0; c < CAT_COUNT; c++)
		if ((mask & CAT(c)) != 0)
			jw_string(w, NULL, category_ids[c]);
	jw_close(w, ']');
}

/* French nearly always, English often, and up to three other languages. */
static void
put_languages(struct org_ctx *o)
{
	uint32_t mask = 0;
	size_t i, extra = rng_below(&o->rng, 4);

	if (rng_percent(&o->rng, 97))
		mask |= 1u;
	if (rng_percent(&o->rng, 80) || mask == 0)
		mask |= 2u;
	while (extra-- > 0)
		mask |= 1u << (2 + rng_below(&o->rng, NELEM(language_codes) - 2));
	jw_open(o->w, "languages", '[');
	for (i = 0; i < NELEM(language_codes); i++)
		if ((mask & (1u << i)) != 0)
			jw_string(o->w, NULL, language_codes[i]);
	jw_close(o->w, ']');
}

/* Sentences joined by spaces into out (at most TEXT_MAX bytes). */
static void
join_sentences(char *out, const char *const *sentences, size_t n)
{
	size_t i, len = 0;
	int w;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		w = snprintf(out + len, TEXT_MAX - len, "%s%s", i ? " " : "", sentences[i]);
		if (w < 0 || (size_t)w >= TEXT_MAX - len)
			return;
		len += (size_t)w;
	}
}

/* The kind's sentence, where and since when, and one or two sentences of welcome (two
** when the text would otherwise be short): 150 to 400 bytes in each language. */
static void
put_description(struct org_ctx *o)
{
	char since_fr[200], since_en[200], fr[TEXT_MAX], en[TEXT_MAX];
	const char *parts_fr[4], *parts_en[4];
	uint32_t first, second;
	long year = 1985 + rng_below(&o->rng, 38);
	size_t n = 0;

	parts_fr[n] = o->kind->about.fr, parts_en[n++] = o->kind->about.en;
	if (rng_percent(&o->rng, 60)) {
		snprintf(since_fr, sizeof since_fr, "L'organisme est actif dans le quartier %s depuis %ld.",
		    o->home->name, year);
		snprintf(since_en, sizeof since_en, "The organization has been active in %s since %ld.",
		    o->home->name, year);
		parts_fr[n] = since_fr, parts_en[n++] = since_en;
	}
	first = rng_below(&o->rng, NELEM(welcome_sentences));
	second = (first + 1 + rng_below(&o->rng, NELEM(welcome_sentences) - 1)) % NELEM(welcome_sentences);
	parts_fr[n] = welcome_sentences[first].fr, parts_en[n++] = welcome_sentences[first].en;
	if (n == 2 || rng_percent(&o->rng, 30))
		parts_fr[n] = welcome_sentences[second].fr, parts_en[n++] = welcome_sentences[second].en;
	join_sentences(fr, parts_fr, n);
	join_sentences(en, parts_en, n);
	jw_text_map(o->w, "description", fr, en);
}

static const char *
fees_choice(struct rng *r)
{
	uint32_t x = rng_below(r, 100);

	return x < 82 ? "free" : x < 94 ? "sliding-scale" : "fee";
}

/* The fee note and what is asked at the door, when there is something to say. */
static void
put_service_notes(struct org_ctx *o, const char *fees, int no_id)
{
	if (strcmp(fees, "sliding-scale") == 0)
		jw_pair(o->w, "fee_note", &fee_notes[0]);
	else if (strcmp(fees, "fee") == 0)
		jw_pair(o->w, "fee_note", &fee_notes[1 + rng_below(&o->rng, NELEM(fee_notes) - 1)]);
	if (no_id && rng_percent(&o->rng, 50))
		jw_pair(o->w, "at_the_door", &door_notes[0]);
	else if (!no_id && rng_percent(&o->rng, 40))
		jw_pair(o->w, "at_the_door", &door_notes[1 + rng_below(&o->rng, NELEM(door_notes) - 1)]);
}

static void
put_service(struct org_ctx *o, const struct service_tpl *t)
{
	const char *fees = fees_choice(&o->rng);
	unsigned cats = CAT(t->category);
	int no_id = rng_percent(&o->rng, 60);

	if (rng_percent(&o->rng, 20))
		cats |= o->kind->categories;
	jw_open(o->w, NULL, '{');
	put_uuid(o);
	jw_pair(o->w, "name", &t->name);
	if (rng_percent(&o->rng, 45))
		jw_pair(o->w, "description", &t->about);
	put_categories(o->w, cats);
	jw_string(o->w, "fees", fees);
	put_service_notes(o, fees, no_id);
	jw_bool(o->w, "no_id_needed", no_id);
	put_languages(o);
	jw_close(o->w, '}');
}

/* How many services: 1 to 5, three on average. */
static size_t
service_count(struct rng *r)
{
	static const unsigned char weights[5] = { 10, 25, 35, 20, 10 };
	uint32_t x = rng_below(r, 100);
	size_t n;

	for (n = 0; n < 4 && x >= weights[n]; n++)
		x -= weights[n];
	return n + 1;
}

/* The kind's own services in a shuffled order, then the generic ones, each once. */
static size_t
service_choices(struct rng *r, const struct kind *k, unsigned char *out)
{
	uint64_t used = 0;
	size_t n = 0, first, i, j;
	unsigned char t;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		first = n;
		for (i = 0; i < (pass ? NELEM(generic_services) : KIND_SERVICES); i++) {
			t = pass ? generic_services[i] : k->services[i];
			if (t == END || (used & (1ULL << t)) != 0)
				continue;
			used |= 1ULL << t;
			out[n++] = t;
		}
		for (i = n; i > first + 1; i--) {
			j = first + rng_below(r, (uint32_t)(i - first));
			t = out[i - 1], out[i - 1] = out[j], out[j] = t;
		}
	}
	return n;
}

/* One to five services for a provider, none otherwise. */
static void
put_services(struct org_ctx *o)
{
	unsigned char choice[KIND_SERVICES + NELEM(generic_services)];
	size_t n = service_count(&o->rng), avail, i;

	jw_open(o->w, "services", '[');
	if (o->provider) {
		avail = service_choices(&o->rng, o->kind, choice);
		for (i = 0; i < n && i < avail; i++)
			put_service(o, &services[choice[i]]);
	}
	jw_close(o->w, ']');
}

/* "H2X 1Y4": a postal area of the place and a random local part. */
static void
put_postal_code(struct org_ctx *o, const struct neighbourhood *p)
{
	static const char letters[] = "ABCEGHJKLMNPRSTVWXYZ";
	uint32_t nfsa = p->fsa[2] ? 3 : p->fsa[1] ? 2 : 1;
	uint32_t area = rng_below(&o->rng, nfsa), d1 = rng_below(&o->rng, 10);
	uint32_t letter = rng_below(&o->rng, sizeof letters - 1), d2 = rng_below(&o->rng, 10);
	char code[8];

	snprintf(code, sizeof code, "%s %u%c%u", p->fsa[area], d1, letters[letter], d2);
	jw_string(o->w, "postal_code", code);
}

/* A coordinate within spread of centre, kept inside [lo, hi] (all in millionths of a
** degree). */
static void
put_coordinate(struct org_ctx *o, const char *key, long centre, long spread, long lo, long hi)
{
	long x = centre - spread + (long)rng_below(&o->rng, (uint32_t)(2 * spread + 1));

	jw_millionths(o->w, key, x < lo ? lo : x > hi ? hi : x);
}

/* Shelters open at night or all the time; others keep day hours, sometimes none given. */
static void
put_hours(struct org_ctx *o)
{
	static const unsigned char usual[] = { HOURS_OFFICE, HOURS_OFFICE, HOURS_OFFICE,
	    HOURS_EVENINGS, HOURS_EVENINGS, HOURS_SHORT_WEEK, HOURS_AFTERNOONS };
	const struct hours_rule *rule;
	int pattern, d;

	if (o->kind->shelter)
		pattern = rng_percent(&o->rng, 65) ? HOURS_OVERNIGHT : HOURS_ALWAYS;
	else if (rng_percent(&o->rng, 5))
		return;
	else
		pattern = usual[rng_below(&o->rng, NELEM(usual))];
	jw_open(o->w, "hours", '[');
	for (d = 0; d < 7; d++)
		for (rule = hours_patterns[pattern]; rule < hours_patterns[pattern] + 3 && rule->days; rule++)
			if ((rule->days & (1u << d)) != 0) {
				jw_open(o->w, NULL, '{');
				jw_string(o->w, "day", day_names[d]);
				jw_string(o->w, "opens", rule->opens);
				jw_string(o->w, "closes", rule->closes);
				jw_close(o->w, '}');
			}
	jw_close(o->w, ']');
}

/* "+1 514 555 0123" (555-01XX numbers are fictional), sometimes with an extension. */
static void
put_phone(struct org_ctx *o, const struct pair *label)
{
	const char *area = rng_percent(&o->rng, 80) ? "514" : "438";
	uint32_t line = rng_below(&o->rng, 100);
	char number[40];
	int len;

	len = snprintf(number, sizeof number, "+1 %s 555 01%02u", area, line);
	if (rng_percent(&o->rng, 10) && len > 0)
		snprintf(number + len, sizeof number - (size_t)len, " ext %u", 1 + rng_below(&o->rng, 30));
	jw_open(o->w, NULL, '{');
	jw_string(o->w, "number", number);
	if (label != NULL)
		jw_pair(o->w, "label", label);
	jw_close(o->w, '}');
}

/* One or two phones; with two, each says what it is for. */
static void
put_phones(struct org_ctx *o)
{
	const struct pair *second = &phone_labels[1 + rng_below(&o->rng, NELEM(phone_labels) - 1)];

	jw_open(o->w, "phones", '[');
	if (rng_percent(&o->rng, 30)) {
		put_phone(o, &phone_labels[0]);
		put_phone(o, second);
	} else {
		put_phone(o, rng_percent(&o->rng, 20) ? &phone_labels[0] : NULL);
	}
	jw_close(o->w, ']');
}

/* A location's name: hidden places say they are confidential, second sites where
** they are ("Point de service Verdun"), the first one has none. */
static void
put_location_name(struct org_ctx *o, const struct neighbourhood *p, size_t index, int confidential)
{
	char fr[200], en[200];

	if (confidential) {
		jw_pair(o->w, "name", &confidential_name);
	} else if (index > 0) {
		snprintf(fr, sizeof fr, "Point de service %s", p->name);
		snprintf(en, sizeof en, "%s site", p->name);
		jw_text_map(o->w, "name", fr, en);
	}
}

static void
put_location(struct org_ctx *o, size_t index)
{
	const struct neighbourhood *p = index == 0 ? o->home :
	    &neighbourhoods[rng_below(&o->rng, NELEM(neighbourhoods))];
	int confidential = rng_percent(&o->rng, o->kind->shelter ? 30 : 1);
	uint32_t number = 100 + rng_below(&o->rng, 9900);
	const char *street = streets[rng_below(&o->rng, NELEM(streets))];
	char address[160];

	snprintf(address, sizeof address, "%u %s", number, street);
	jw_open(o->w, NULL, '{');
	put_uuid(o);
	put_location_name(o, p, index, confidential);
	jw_string(o->w, "address", address);
	jw_string(o->w, "neighbourhood", p->name);
	jw_string(o->w, "city", "Montréal");
	put_postal_code(o, p);
	put_coordinate(o, "latitude", p->lat, 12000, 45400000, 45700000);
	put_coordinate(o, "longitude", p->lon, 18000, -73950000, -73480000);
	jw_bool(o->w, "confidential", confidential);
	if (confidential)
		jw_pair(o->w, "call_first", &call_first_note);
	if (rng_percent(&o->rng, 30))
		jw_pair(o->w, "accessibility", &accessibility_notes[rng_below(&o->rng,
		    NELEM(accessibility_notes))]);
	if (o->provider)
		put_hours(o);
	put_phones(o);
	jw_close(o->w, '}');
}

/* One to three locations (mostly one) for a provider, one office otherwise. */
static void
put_locations(struct org_ctx *o)
{
	uint32_t x = rng_below(&o->rng, 100);
	size_t n = !o->provider || x < 75 ? 1 : x < 95 ? 2 : 3, i;

	jw_open(o->w, "locations", '[');
	for (i = 0; i < n; i++)
		put_location(o, i);
	jw_close(o->w, ']');
}

/* status-for-all since the endorsement; for providers the other five, some added later. */
static void
put_commitments(struct org_ctx *o)
{
	size_t n = o->provider ? NELEM(commitment_ids) : 1, i;
	long since;

	jw_open(o->w, "commitments", '[');
	for (i = 0; i < n; i++) {
		since = o->endorsed;
		if (i > 0 && rng_percent(&o->rng, 30))
			since += rng_below(&o->rng, 700);
		if (since > o->verified)
			since = o->verified;
		jw_open(o->w, NULL, '{');
		jw_string(o->w, "id", commitment_ids[i]);
		jw_date(o->w, "since", since);
		jw_close(o->w, '}');
	}
	jw_close(o->w, ']');
}

static void
put_verification(struct org_ctx *o)
{
	jw_open(o->w, "verification", '{');
	jw_string(o->w, "state", "verified");
	jw_date(o->w, "verified_on", o->verified);
	jw_string(o->w, "verified_by", verifiers[rng_below(&o->rng, NELEM(verifiers))]);
	jw_close(o->w, '}');
}

/* "Banque alimentaire de Verdun 12" or "Banque alimentaire La Ruche 12", and sometimes
** the English name beside it. */
static void
put_names(struct org_ctx *o)
{
	const char *word = name_words[rng_below(&o->rng, NELEM(name_words))];
	int by_place = rng_percent(&o->rng, 60);
	char name[200], english[200];

	snprintf(name, sizeof name, "%s %s %ld", o->kind->name.fr, by_place ? o->home->of : word,
	    o->serial);
	snprintf(english, sizeof english, "%s %s %ld", by_place ? o->home->name : word,
	    o->kind->name.en, o->serial);
	jw_string(o->w, "name", name);
	if (rng_percent(&o->rng, 40)) {
		jw_open(o->w, "alternate_names", '[');
		jw_string(o->w, NULL, english);
		jw_close(o->w, ']');
	}
}

static void
put_contacts(struct org_ctx *o)
{
	char text[120];

	if (rng_percent(&o->rng, 60)) {
		snprintf(text, sizeof text, "https://example.org/demo-%ld", o->serial);
		jw_string(o->w, "website", text);
	}
	if (rng_percent(&o->rng, 50)) {
		snprintf(text, sizeof text, "demo-%ld@example.org", o->serial);
		jw_string(o->w, "email", text);
	}
}

/* endorsed <= verified <= updated, updated from 2023 to October 2026. */
static void
choose_dates(struct org_ctx *o)
{
	long first = days_from_civil(2015, 1, 1), last = days_from_civil(2025, 6, 30);
	long up_first = days_from_civil(2023, 1, 1), up_last = days_from_civil(2026, 10, 31);
	long low;

	o->endorsed = first + rng_below(&o->rng, (uint32_t)(last - first + 1));
	o->updated = up_first + rng_below(&o->rng, (uint32_t)(up_last - up_first + 1));
	if (o->updated < o->endorsed)
		o->updated = o->endorsed + rng_below(&o->rng, 120);
	low = o->updated - 400 > o->endorsed ? o->updated - 400 : o->endorsed;
	o->verified = low + rng_below(&o->rng, (uint32_t)(o->updated - low + 1));
}

/* The organization's categories: its kind's, and sometimes one more. */
static unsigned
org_categories(struct org_ctx *o)
{
	unsigned mask = o->kind->categories;

	if (rng_percent(&o->rng, 15))
		mask |= CAT(rng_below(&o->rng, CAT_COUNT));
	return mask;
}

/* Organization index (0-based) of the directory for seed, as one JSON object. */
static void
put_organization(struct jw *w, unsigned long seed, long index)
{
	struct org_ctx o;

	o.rng = rng_for_org(seed, index);
	o.w = w;
	o.serial = index + 1;
	o.kind = &kinds[rng_below(&o.rng, NELEM(kinds))];
	o.home = &neighbourhoods[rng_below(&o.rng, NELEM(neighbourhoods))];
	o.provider = rng_percent(&o.rng, 90);
	choose_dates(&o);
	jw_open(w, NULL, '{');
	put_uuid(&o);
	put_names(&o);
	put_description(&o);
	put_contacts(&o);
	jw_date(w, "endorsed_on", o.endorsed);
	put_verification(&o);
	jw_bool(w, "provides_services", o.provider);
	put_categories(w, org_categories(&o));
	put_commitments(&o);
	put_services(&o);
	put_locations(&o);
	jw_date(w, "updated_on", o.updated);
	jw_bool(w, "demo", 1);
	jw_close(w, '}');
}

/* ---- the file ------------------------------------------------------------------------ */

static int
write_error(char *err, size_t errlen)
{
	snprintf(err, errlen, "write error: %s", strerror(errno ? errno : EIO));
	return -1;
}

/* Organization index on its own line, written with one fwrite. */
static int
write_organization(FILE *out, struct buf *line, unsigned long seed, long index,
    char *err, size_t errlen)
{
	struct jw w = { line, 1 };

	buf_reset(line);
	buf_puts(line, index ? ",\n    " : "    ");
	put_organization(&w, seed, index);
	if (buf_failed(line)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (fwrite(line->data, 1, line->len, out) != line->len)
		return write_error(err, errlen);
	return 0;
}

int
generate_directory(FILE *out, long count, unsigned long seed, char *err, size_t errlen)
{
	struct buf line = BUF_INIT;
	long i;
	int rc = 0;

	if (count < 1 || count > GENERATE_MAX_COUNT) {
		snprintf(err, errlen, "the count must be from 1 to %ld", GENERATE_MAX_COUNT);
		return -1;
	}
	fputs("{\n  \"format\": \"solidarity-directory\",\n  \"version\": 1,\n"
	    "  \"directory\": {\"time_zone\": \"America/Montreal\", \"default_language\": \"fr\"},\n"
	    "  \"organizations\": [\n", out);
	for (i = 0; i < count && rc == 0; i++)
		rc = write_organization(out, &line, seed, i, err, errlen);
	buf_free(&line);
	if (rc != 0)
		return -1;
	fputs("\n  ]\n}\n", out);
	if (fflush(out) != 0 || ferror(out))
		return write_error(err, errlen);
	return 0;
}

int
cmd_generate(const struct cli_args *args)
{
	char err[300];

	if (generate_directory(stdout, args->count, (unsigned long)args->seed, err, sizeof err) != 0) {
		fprintf(stderr, "solidarityd generate: %s\n", err);
		return 1;
	}
	return 0;
}
