/*
 * cjk_company.c - the vocabulary of Chinese company names: legal forms
 * (有限公司 -> co ltd), industry words (科技 -> technology, 电子 ->
 * electronics), the words the state groups give in their English names
 * (交通 -> communications, 铁建 -> railway construction, 海洋石油 ->
 * offshore oil, 中航 -> avic), the NS-CMIC companies' brands and names
 * that are not word for word their English ones (海康威视 -> hikvision,
 * 大疆 -> dji, 中芯国际集成电路制造 -> semiconductor manufacturing
 * international, 兵器工业 -> north industries) and provinces and big
 * cities (深圳 -> shenzhen), plus Japanese 株式会社.
 *
 * Keys are simplified characters. transliterate.c writes a run of Han
 * characters in them first: ICU's Traditional-Simplified for traditional
 * ones (中國 -> 中国), and cjk_japanese_form() for the forms Japanese
 * gives characters that neither simplified nor traditional Chinese
 * writes, which ICU leaves as they are (中国鉄建 -> 中国铁建, 集団 ->
 * 集团, 広核 -> 广核). So one entry serves the three ways of writing.
 *
 * transliterate.c walks a run of Han characters, takes the longest entry
 * at each position and writes the rest as pinyin, so 华为技术有限公司
 * comes out as "huawei technology co ltd" like the company's English
 * name. In the English text, TRANSLIT_LEGAL_MARK ("\1") stands before a
 * legal-form word. Keys are UTF-8, sorted bytewise (LC_ALL=C sort).
 */
#include "text/lexicon.h"
#include "text/transliterate.h"

typedef struct cjk_entry {
    const char *han;   /* UTF-8 */
    const char *latin; /* English words */
} cjk_entry;

static const cjk_entry cjk_tab[] = {
    {"上海", "shanghai"},
    {"东方红卫星", "spacesat"},
    {"东方网力", "netposa"},
    {"东莞", "dongguan"},
    {"中光学", "costar"},
    {"中华", "china"},
    {"中国", "china"},
    {"中国核工业集团", "china national nuclear"},
    {"中国电子信息产业集团", "china electronics"},
    {"中海油", "cnooc"},
    {"中科曙光", "sugon"},
    {"中航", "avic"},
    {"中航光电", "avic jonhon optronic"},
    {"中船", "cssc"},
    {"中船防务", "cssc offshore marine engineering"},
    {"中芯国际", "semiconductor manufacturing international"},
    {"中芯国际集成电路制造", "semiconductor manufacturing international"},
    {"云从", "cloudwalk"},
    {"云南", "yunnan"},
    {"交通", "communications"},
    {"交通大学", "jiaotong university"},
    {"产业", "industry"},
    {"仪器", "instrument"},
    {"会社", "\1co"},
    {"保险", "insurance"},
    {"信息", "information"},
    {"先进", "advanced"},
    {"光学", "optics"},
    {"光电", "optoelectronics"},
    {"公司", "\1co"},
    {"兵器", "ordnance"},
    {"兵器工业", "north industries"},
    {"兵器装备", "south industries"},
    {"内蒙古", "inner mongolia"},
    {"军工", "military industry"},
    {"分公司", "branch"},
    {"制药", "pharmaceutical"},
    {"制造", "manufacturing"},
    {"动力", "power"},
    {"化工", "chemical"},
    {"北京", "beijing"},
    {"北方", "north"},
    {"医药", "pharmaceutical"},
    {"半导体", "semiconductor"},
    {"南京", "nanjing"},
    {"南方", "south"},
    {"卫星", "satellite"},
    {"卫通", "satellite communications"},
    {"厦门", "xiamen"},
    {"发动机", "engine"},
    {"发展", "development"},
    {"台湾", "taiwan"},
    {"合肥", "hefei"},
    {"吉林", "jilin"},
    {"咨询", "consulting"},
    {"哈尔滨", "harbin"},
    {"商汤", "sensetime"},
    {"商贸", "trading"},
    {"四川", "sichuan"},
    {"国防", "defense"},
    {"国际", "international"},
    {"大学", "university"},
    {"大疆", "dji"},
    {"大疆创新", "dji"},
    {"大连", "dalian"},
    {"天津", "tianjin"},
    {"天然气", "natural gas"},
    {"学院", "college"},
    {"宁夏", "ningxia"},
    {"宁波", "ningbo"},
    {"安徽", "anhui"},
    {"实业", "industry"},
    {"导弹", "missile"},
    {"导航", "navigation"},
    {"山东", "shandong"},
    {"山西", "shanxi"},
    {"工业", "industry"},
    {"工程", "engineering"},
    {"广东", "guangdong"},
    {"广州", "guangzhou"},
    {"广核", "general nuclear"},
    {"广西", "guangxi"},
    {"建筑", "construction"},
    {"建设", "construction"},
    {"彩虹", "ch"},
    {"微电子", "microelectronics"},
    {"成都", "chengdu"},
    {"技术", "technology"},
    {"投资", "investment"},
    {"控制", "control"},
    {"控股", "holding"},
    {"数字", "digital"},
    {"数码", "digital"},
    {"新疆", "xinjiang"},
    {"无人机", "uav"},
    {"无锡", "wuxi"},
    {"时代", "times"},
    {"旷视", "megvii"},
    {"智能", "intelligent"},
    {"曙光", "dawning"},
    {"有限公司", "\1co \1ltd"},
    {"有限责任公司", "\1co \1ltd"},
    {"服务", "service"},
    {"朝鲜", "korea"},
    {"机械", "machinery"},
    {"材料", "materials"},
    {"杭州", "hangzhou"},
    {"株式会社", "\1co \1ltd"},
    {"核", "nuclear"},
    {"核电", "nuclear power"},
    {"武汉", "wuhan"},
    {"江苏", "jiangsu"},
    {"江西", "jiangxi"},
    {"汽车", "automobile"},
    {"沈阳", "shenyang"},
    {"沈飞", "shenyang aircraft"},
    {"河北", "hebei"},
    {"河南", "henan"},
    {"济南", "jinan"},
    {"浙江", "zhejiang"},
    {"浪潮", "inspur"},
    {"海南", "hainan"},
    {"海康威视", "hikvision"},
    {"海洋与防务装备", "offshore marine engineering"},
    {"海洋石油", "offshore oil"},
    {"海运", "shipping"},
    {"海防", "marine"},
    {"深圳", "shenzhen"},
    {"深圳市大疆创新", "sz dji"},
    {"湖北", "hubei"},
    {"湖南", "hunan"},
    {"澳门", "macau"},
    {"激光", "laser"},
    {"火炬", "torch"},
    {"火箭", "rocket"},
    {"熊猫", "panda"},
    {"物流", "logistics"},
    {"物理", "physics"},
    {"珠海", "zhuhai"},
    {"甘肃", "gansu"},
    {"电信", "telecommunication"},
    {"电力", "power"},
    {"电子", "electronics"},
    {"电气", "electric"},
    {"电测", "electronic measuring"},
    {"石化", "petrochemical"},
    {"石油", "petroleum"},
    {"矿业", "mining"},
    {"研究", "research"},
    {"研究所", "research institute"},
    {"研究院", "research institute"},
    {"福州", "fuzhou"},
    {"福建", "fujian"},
    {"科学", "science"},
    {"科学院", "academy science"},
    {"科工", "science industry"},
    {"科技", "technology"},
    {"移动", "mobile"},
    {"空间", "space"},
    {"立昂", "leon"},
    {"第一", "first"},
    {"管理", "management"},
    {"精密", "precision"},
    {"系统", "system"},
    {"网络", "network"},
    {"网路", "network"},
    {"美亚柏科", "meiya pico"},
    {"联合", "united"},
    {"联通", "unicom"},
    {"股份公司", "\1co \1ltd"},
    {"股份有限公司", "\1co \1ltd"},
    {"能源", "energy"},
    {"自动车", "automobile"},
    {"航天", "aerospace"},
    {"航天晨光", "aerosun"},
    {"航天电器", "space appliance"},
    {"航电", "avionics"},
    {"航空", "aviation"},
    {"航空发动机", "aero engine"},
    {"航空电子", "avionics"},
    {"航运", "shipping"},
    {"船务", "shipping"},
    {"船舶", "shipbuilding"},
    {"船舶重工", "shipbuilding industry"},
    {"苏州", "suzhou"},
    {"装备", "equipment"},
    {"西安", "xian"},
    {"西藏", "tibet"},
    {"西飞", "xian aircraft"},
    {"计算机", "computer"},
    {"设备", "equipment"},
    {"证券", "securities"},
    {"谘询", "consulting"},
    {"贵州", "guizhou"},
    {"贸易", "trading"},
    {"资本", "capital"},
    {"资讯", "information"},
    {"软件", "software"},
    {"软体", "software"},
    {"辽宁", "liaoning"},
    {"运载火箭", "launch vehicle"},
    {"运输", "transport"},
    {"进出口", "import export"},
    {"通信", "communication"},
    {"通讯", "communication"},
    {"郑州", "zhengzhou"},
    {"重工", "heavy industry"},
    {"重工业", "heavy industry"},
    {"重庆", "chongqing"},
    {"重机", "heavy machinery"},
    {"金属", "metal"},
    {"钢铁", "steel"},
    {"铁建", "railway construction"},
    {"铁路", "railway"},
    {"铁道", "railway"},
    {"银行", "bank"},
    {"长城", "great wall"},
    {"长沙", "changsha"},
    {"陕西", "shaanxi"},
    {"集团", "group"},
    {"集成电路", "integrated circuit"},
    {"雷达", "radar"},
    {"青岛", "qingdao"},
    {"青海", "qinghai"},
    {"飞机", "aircraft"},
    {"香港", "hong kong"},
    {"高科", "high technology"},
    {"高科技", "high technology"},
    {"黑龙江", "heilongjiang"},
};

#define NCJK (sizeof cjk_tab / sizeof cjk_tab[0])
#define CJK_MAX_LEN 10 /* code points in the longest key */

const size_t cjk_company_count = NCJK;

int cjk_company_sorted(void)
{
    for (size_t k = 1; k < NCJK; k++)
        if (strcmp(cjk_tab[k - 1].han, cjk_tab[k].han) >= 0)
            return 0;
    return 1;
}

static const cjk_entry *cjk_find(const char *key)
{
    size_t lo = 0, hi = NCJK;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(key, cjk_tab[mid].han);
        if (c == 0)
            return &cjk_tab[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

/* Japanese forms (shinjitai) and the simplified characters they are:
 * 鉄 铁, 団 团, 広 广, 経 经, 総 总, 発 发, 転 转 ... Sorted by the first. */
static const int32_t japanese_tab[][2] = {
    {0x4E21, 0x4E24}, {0x4E57, 0x4E58}, {0x4E80, 0x9F9F}, {0x4E9C, 0x4E9A},
    {0x4ECF, 0x4F5B}, {0x4F1D, 0x4F20}, {0x4FA1, 0x4EF7}, {0x5039, 0x4FED},
    {0x5150, 0x513F}, {0x5186, 0x5706}, {0x51E6, 0x5904}, {0x5263, 0x5251},
    {0x5264, 0x5242}, {0x5270, 0x5269}, {0x52B4, 0x52B3}, {0x52B9, 0x6548},
    {0x52E7, 0x529D}, {0x52F2, 0x52CB}, {0x5358, 0x5355}, {0x53B3, 0x4E25},
    {0x53CE, 0x6536}, {0x55B6, 0x8425}, {0x56E3, 0x56E2}, {0x56F2, 0x56F4},
    {0x56F3, 0x56FE}, {0x5727, 0x538B}, {0x5869, 0x76D0}, {0x5897, 0x589E},
    {0x58CA, 0x574F}, {0x58F2, 0x5356}, {0x5909, 0x53D8}, {0x5968, 0x5956},
    {0x59EB, 0x59EC}, {0x5B22, 0x5A18}, {0x5B9F, 0x5B9E}, {0x5BDB, 0x5BBD},
    {0x5BFE, 0x5BF9}, {0x5C02, 0x4E13}, {0x5DE3, 0x5DE2}, {0x5DFB, 0x5377},
    {0x5E2F, 0x5E26}, {0x5E30, 0x5F52}, {0x5E81, 0x5385}, {0x5E83, 0x5E7F},
    {0x5EC3, 0x5E9F}, {0x5F10, 0x8D30}, {0x5F3E, 0x5F39}, {0x5F93, 0x4ECE},
    {0x5FB3, 0x5FB7}, {0x5FB4, 0x5F81}, {0x5FDC, 0x5E94}, {0x6075, 0x60E0},
    {0x60A9, 0x607C}, {0x60AA, 0x6076}, {0x61D0, 0x6000}, {0x6226, 0x6218},
    {0x622F, 0x620F}, {0x629C, 0x62D4}, {0x629E, 0x62E9}, {0x62DD, 0x62DC},
    {0x62E0, 0x636E}, {0x62E1, 0x6269}, {0x6319, 0x4E3E}, {0x633F, 0x63D2},
    {0x635C, 0x641C}, {0x63B2, 0x63ED}, {0x63FA, 0x6447}, {0x6442, 0x6444},
    {0x6483, 0x51FB}, {0x6589, 0x9F50}, {0x6669, 0x665A}, {0x6681, 0x6653},
    {0x66A6, 0x5386}, {0x6804, 0x8363}, {0x685C, 0x6A31}, {0x685F, 0x6808},
    {0x691C, 0x68C0}, {0x697D, 0x4E50}, {0x69D8, 0x6837}, {0x6A29, 0x6743},
    {0x6B53, 0x6B22}, {0x6B69, 0x6B65}, {0x6B6F, 0x9F7F}, {0x6B73, 0x5C81},
    {0x6B74, 0x5386}, {0x6BBB, 0x58F3}, {0x6BCE, 0x6BCF}, {0x6C17, 0x6C14},
    {0x6CA2, 0x6CFD}, {0x6D44, 0x51C0}, {0x6D5C, 0x6EE8}, {0x6E07, 0x6E34},
    {0x6E08, 0x6D4E}, {0x6E0B, 0x6DA9}, {0x6E13, 0x6EAA}, {0x6E80, 0x6EE1},
    {0x6EDD, 0x6CF7}, {0x702C, 0x6FD1}, {0x713C, 0x70E7}, {0x72A0, 0x727A},
    {0x731F, 0x730E}, {0x7363, 0x517D}, {0x767A, 0x53D1}, {0x770C, 0x53BF},
    {0x7815, 0x788E}, {0x7A32, 0x7A3B}, {0x7A4F, 0x7A33}, {0x7ADC, 0x9F99},
    {0x7C8B, 0x7CB9}, {0x7C9B, 0x8083}, {0x7CF8, 0x4E1D}, {0x7D4C, 0x7ECF},
    {0x7D75, 0x7ED8}, {0x7D99, 0x7EE7}, {0x7D9A, 0x7EED}, {0x7DCF, 0x603B},
    {0x7E01, 0x7F18}, {0x7E04, 0x7EF3}, {0x7E26, 0x7EB5}, {0x7E4A, 0x7EA4},
    {0x8074, 0x542C}, {0x8133, 0x8111}, {0x81D3, 0x810F}, {0x8276, 0x8273},
    {0x82B8, 0x827A}, {0x8358, 0x5E84}, {0x8535, 0x85CF}, {0x85AB, 0x85B0},
    {0x85AC, 0x836F}, {0x86CD, 0x8424}, {0x8987, 0x9738}, {0x89A7, 0x89C8},
    {0x89B3, 0x89C2}, {0x8A33, 0x8BD1}, {0x8AAD, 0x8BFB}, {0x8B72, 0x8BA9},
    {0x8C4A, 0x4E30}, {0x8CDB, 0x8D5E}, {0x8EE2, 0x8F6C}, {0x8EFD, 0x8F7B},
    {0x8FBA, 0x8FB9}, {0x9013, 0x9012}, {0x9045, 0x8FDF}, {0x90F7, 0x4E61},
    {0x9154, 0x9189}, {0x91B8, 0x917F}, {0x91C8, 0x91CA}, {0x9244, 0x94C1},
    {0x9271, 0x77FF}, {0x92AD, 0x94B1}, {0x92F3, 0x94F8}, {0x9665, 0x9677},
    {0x967A, 0x9669}, {0x96A0, 0x9690}, {0x96A3, 0x90BB}, {0x96D1, 0x6742},
    {0x981A, 0x9888}, {0x983C, 0x8D56}, {0x9855, 0x663E}, {0x99C4, 0x9A6E},
    {0x99C5, 0x9A7F}, {0x99C6, 0x9A71}, {0x9A12, 0x9A9A}, {0x9A13, 0x9A8C},
    {0x9AEA, 0x53D1}, {0x9D8F, 0x9E21}, {0x9EBA, 0x9762}, {0x9ED2, 0x9ED1},
    {0x9ED9, 0x9ED8}
};

#define NJAPANESE (sizeof japanese_tab / sizeof japanese_tab[0])

int32_t cjk_japanese_form(int32_t c)
{
    const int32_t *r = lex_cp_find(japanese_tab[0], NJAPANESE, 2, c);
    return r ? r[1] : c;
}

int cjk_japanese_sorted(void)
{
    for (size_t k = 1; k < NJAPANESE; k++)
        if (japanese_tab[k - 1][0] >= japanese_tab[k][0])
            return 0;
    return 1;
}

size_t cjk_company_match(const int32_t *cp, size_t n, const char **latin)
{
    char key[CJK_MAX_LEN * 4 + 1];
    size_t ends[CJK_MAX_LEN + 1];
    size_t at = 0, max = n < CJK_MAX_LEN ? n : CJK_MAX_LEN;
    ends[0] = 0;
    for (size_t k = 0; k < max; k++) {
        at += lex_put_utf8(key + at, cp[k]);
        ends[k + 1] = at;
    }
    for (size_t len = max; len > 0; len--) {
        key[ends[len]] = '\0';
        const cjk_entry *e = cjk_find(key);
        if (e) {
            *latin = e->latin;
            return len;
        }
    }
    return 0;
}
