/*
** catalog.c - the constant vocabularies: interface languages, commitments, categories,
** spoken languages, with their labels in every interface language (see catalog.h).
*/
#include <string.h>

#include "catalog.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *const ui_codes[UI_NLANG] = { "fr", "en", "es", "ar" };
static const char *const ui_endonyms[UI_NLANG] = { "Français", "English", "Español", "العربية" };

static const struct catalog_entry commitments[] = {
	{ "status-for-all",
	  { "Statut pour toutes et tous", "Status for all", "Estatus para todas las personas", "وضع قانوني للجميع" },
	  { "Appuie publiquement la régularisation de toutes les personnes migrantes sans statut et s’oppose aux expulsions et à la détention.",
	    "Publicly supports regularization for every migrant without status and opposes deportation and detention.",
	    "Apoya públicamente la regularización de todas las personas migrantes sin estatus y se opone a las deportaciones y la detención.",
	    "تدعم علنًا تسوية أوضاع جميع المهاجرين بلا وضع قانوني وتعارض الترحيل والاحتجاز." } },
	{ "no-status-questions",
	  { "Aucune question sur le statut", "No questions about status", "Sin preguntas sobre el estatus", "لا أسئلة عن الوضع القانوني" },
	  { "Ne demande jamais à personne son statut d’immigration.",
	    "Never asks anyone what their immigration status is.",
	    "Nunca pregunta a nadie por su estatus migratorio.",
	    "لا تسأل أحدًا أبدًا عن وضعه في الهجرة." } },
	{ "status-confidential",
	  { "Statut confidentiel", "Status kept confidential", "Estatus confidencial", "سرية الوضع القانوني" },
	  { "Garde strictement confidentielle toute information sur le statut d’une personne et ne la transmet jamais aux autorités.",
	    "Keeps anything it learns about a person’s status strictly confidential and never passes it to government agencies.",
	    "Mantiene estrictamente confidencial cualquier información sobre el estatus de una persona y nunca la comparte con el gobierno.",
	    "تحافظ على سرية أي معلومة عن وضع الشخص ولا تشاركها أبدًا مع الجهات الحكومية." } },
	{ "no-status-fees",
	  { "Aucuns frais liés au statut", "No fees because of status", "Sin cobros por el estatus", "لا رسوم بسبب الوضع القانوني" },
	  { "Ne fait payer aucuns frais qui dépendent du statut d’immigration.",
	    "Charges nobody a fee that depends on their immigration status.",
	    "No cobra ninguna tarifa que dependa del estatus migratorio.",
	    "لا تفرض أي رسوم تعتمد على وضع الهجرة." } },
	{ "no-border-agency",
	  { "Pas de collaboration avec l’ASFC", "No cooperation with the CBSA", "Sin cooperación con la ASFC", "لا تعاون مع وكالة الحدود" },
	  { "Ne collabore pas avec l’Agence des services frontaliers du Canada et lui interdit l’accès à ses locaux.",
	    "Does not work with the Canada Border Services Agency and keeps it out of its premises.",
	    "No colabora con la Agencia de Servicios Fronterizos de Canadá y le prohíbe la entrada a sus instalaciones.",
	    "لا تتعاون مع وكالة خدمات الحدود الكندية وتمنعها من دخول مقراتها." } },
	{ "equal-standards",
	  { "Mêmes droits pour toutes et tous", "Equal rights for everyone", "Mismos derechos para todas las personas", "حقوق متساوية للجميع" },
	  { "Applique les normes du travail et les droits de la personne de la même façon à tout le monde, quel que soit son statut.",
	    "Applies labour and human-rights standards the same way to everyone, whatever their status.",
	    "Aplica las normas laborales y los derechos humanos por igual a todas las personas, sea cual sea su estatus.",
	    "تطبق معايير العمل وحقوق الإنسان على الجميع بالتساوي مهما كان وضعهم." } },
};

static const struct catalog_entry categories[] = {
	{ "health", { "Santé", "Health care", "Salud", "الصحة" }, { NULL, NULL, NULL, NULL } },
	{ "mental-health", { "Santé mentale", "Mental health", "Salud mental", "الصحة النفسية" }, { NULL, NULL, NULL, NULL } },
	{ "food", { "Alimentation", "Food", "Alimentación", "الغذاء" }, { NULL, NULL, NULL, NULL } },
	{ "shelter", { "Hébergement d’urgence", "Shelter", "Albergue", "مأوى" }, { NULL, NULL, NULL, NULL } },
	{ "housing", { "Logement", "Housing", "Vivienda", "السكن" }, { NULL, NULL, NULL, NULL } },
	{ "legal", { "Aide juridique", "Legal help", "Ayuda legal", "مساعدة قانونية" }, { NULL, NULL, NULL, NULL } },
	{ "education", { "Éducation", "Education", "Educación", "التعليم" }, { NULL, NULL, NULL, NULL } },
	{ "work", { "Travail et droits du travail", "Work and labour rights", "Trabajo y derechos laborales", "العمل وحقوق العمال" }, { NULL, NULL, NULL, NULL } },
	{ "women", { "Femmes", "Women", "Mujeres", "النساء" }, { NULL, NULL, NULL, NULL } },
	{ "family", { "Enfance et famille", "Children and family", "Infancia y familia", "الأطفال والأسرة" }, { NULL, NULL, NULL, NULL } },
	{ "lgbtq", { "LGBTQ+", "LGBTQ+", "LGBTQ+", "مجتمع الميم" }, { NULL, NULL, NULL, NULL } },
	{ "community", { "Centre communautaire", "Community centre", "Centro comunitario", "مركز مجتمعي" }, { NULL, NULL, NULL, NULL } },
	{ "advocacy", { "Droits des personnes migrantes", "Migrant rights", "Derechos de las personas migrantes", "حقوق المهاجرين" }, { NULL, NULL, NULL, NULL } },
	{ "culture", { "Culture et médias", "Culture and media", "Cultura y medios", "الثقافة والإعلام" }, { NULL, NULL, NULL, NULL } },
};

static const struct spoken_language languages[] = {
	{ "am", "አማርኛ", { "amharique", "Amharic", "amárico", "الأمهرية" } },
	{ "ar", "العربية", { "arabe", "Arabic", "árabe", "العربية" } },
	{ "ase", "ASL", { "langue des signes américaine", "American Sign Language", "lengua de señas americana", "لغة الإشارة الأمريكية" } },
	{ "bn", "বাংলা", { "bengali", "Bengali", "bengalí", "البنغالية" } },
	{ "de", "Deutsch", { "allemand", "German", "alemán", "الألمانية" } },
	{ "el", "Ελληνικά", { "grec", "Greek", "griego", "اليونانية" } },
	{ "en", "English", { "anglais", "English", "inglés", "الإنجليزية" } },
	{ "es", "Español", { "espagnol", "Spanish", "español", "الإسبانية" } },
	{ "fa", "فارسی", { "persan", "Persian", "persa", "الفارسية" } },
	{ "fcs", "LSQ", { "langue des signes québécoise", "Quebec Sign Language", "lengua de señas de Quebec", "لغة الإشارة الكيبيكية" } },
	{ "ff", "Fulfulde", { "peul", "Fula", "fula", "الفولانية" } },
	{ "fr", "Français", { "français", "French", "francés", "الفرنسية" } },
	{ "he", "עברית", { "hébreu", "Hebrew", "hebreo", "العبرية" } },
	{ "hi", "हिन्दी", { "hindi", "Hindi", "hindi", "الهندية" } },
	{ "ht", "Kreyòl ayisyen", { "créole haïtien", "Haitian Creole", "criollo haitiano", "الكريولية الهايتية" } },
	{ "it", "Italiano", { "italien", "Italian", "italiano", "الإيطالية" } },
	{ "ja", "日本語", { "japonais", "Japanese", "japonés", "اليابانية" } },
	{ "ko", "한국어", { "coréen", "Korean", "coreano", "الكورية" } },
	{ "ku", "Kurdî", { "kurde", "Kurdish", "kurdo", "الكردية" } },
	{ "ln", "Lingála", { "lingala", "Lingala", "lingala", "اللينغالا" } },
	{ "ml", "മലയാളം", { "malayalam", "Malayalam", "malayalam", "المالايالامية" } },
	{ "ne", "नेपाली", { "népalais", "Nepali", "nepalí", "النيبالية" } },
	{ "pa", "ਪੰਜਾਬੀ", { "pendjabi", "Punjabi", "panyabí", "البنجابية" } },
	{ "pl", "Polski", { "polonais", "Polish", "polaco", "البولندية" } },
	{ "ps", "پښتو", { "pachto", "Pashto", "pastún", "البشتو" } },
	{ "pt", "Português", { "portugais", "Portuguese", "portugués", "البرتغالية" } },
	{ "ro", "Română", { "roumain", "Romanian", "rumano", "الرومانية" } },
	{ "ru", "Русский", { "russe", "Russian", "ruso", "الروسية" } },
	{ "rw", "Kinyarwanda", { "kinyarwanda", "Kinyarwanda", "kinyarwanda", "الكينيارواندية" } },
	{ "so", "Soomaali", { "somali", "Somali", "somalí", "الصومالية" } },
	{ "sq", "Shqip", { "albanais", "Albanian", "albanés", "الألبانية" } },
	{ "sw", "Kiswahili", { "swahili", "Swahili", "suajili", "السواحلية" } },
	{ "ta", "தமிழ்", { "tamoul", "Tamil", "tamil", "التاميلية" } },
	{ "ti", "ትግርኛ", { "tigrigna", "Tigrinya", "tigriña", "التغرينية" } },
	{ "tl", "Tagalog", { "tagalog", "Tagalog", "tagalo", "التاغالوغية" } },
	{ "tr", "Türkçe", { "turc", "Turkish", "turco", "التركية" } },
	{ "uk", "Українська", { "ukrainien", "Ukrainian", "ucraniano", "الأوكرانية" } },
	{ "ur", "اردو", { "ourdou", "Urdu", "urdu", "الأردية" } },
	{ "vi", "Tiếng Việt", { "vietnamien", "Vietnamese", "vietnamita", "الفيتنامية" } },
	{ "wo", "Wolof", { "wolof", "Wolof", "wólof", "الولوفية" } },
	{ "yi", "ייִדיש", { "yiddish", "Yiddish", "ídish", "اليديشية" } },
	{ "zh", "中文", { "chinois", "Chinese", "chino", "الصينية" } },
};

const char *
catalog_ui_code(int ui)
{
	return ui >= 0 && ui < UI_NLANG ? ui_codes[ui] : NULL;
}

int
catalog_ui_index(const char *code)
{
	int i;

	for (i = 0; i < UI_NLANG; i++)
		if (strcmp(code, ui_codes[i]) == 0)
			return i;
	return -1;
}

int
catalog_ui_is_rtl(int ui)
{
	return ui == UI_AR;
}

const char *
catalog_ui_endonym(int ui)
{
	return ui >= 0 && ui < UI_NLANG ? ui_endonyms[ui] : NULL;
}

static int
entry_rank(const struct catalog_entry *table, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(table[i].id, id) == 0)
			return (int)i;
	return -1;
}

const struct catalog_entry *
catalog_commitments(size_t *count)
{
	*count = NELEM(commitments);
	return commitments;
}

int
catalog_commitment_rank(const char *id)
{
	return entry_rank(commitments, NELEM(commitments), id);
}

const struct catalog_entry *
catalog_commitment(const char *id)
{
	int i = catalog_commitment_rank(id);

	return i < 0 ? NULL : &commitments[i];
}

const struct catalog_entry *
catalog_categories(size_t *count)
{
	*count = NELEM(categories);
	return categories;
}

int
catalog_category_rank(const char *id)
{
	return entry_rank(categories, NELEM(categories), id);
}

const struct catalog_entry *
catalog_category(const char *id)
{
	int i = catalog_category_rank(id);

	return i < 0 ? NULL : &categories[i];
}

const struct spoken_language *
catalog_languages(size_t *count)
{
	*count = NELEM(languages);
	return languages;
}

const struct spoken_language *
catalog_language(const char *code)
{
	size_t i;

	for (i = 0; i < NELEM(languages); i++)
		if (strcmp(languages[i].code, code) == 0)
			return &languages[i];
	return NULL;
}
