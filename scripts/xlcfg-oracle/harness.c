#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "libxlu_internal.h"
/* Reads a file, parses it as xl does, prints the report lines and then the settings (name, op, value tree). */
static void dumpval(XLU_ConfigValue *v) {
  if (v->type == XLU_STRING) { printf("\""); for (char *p = v->u.string; *p; p++) { unsigned char c=*p; if (c=='"'||c=='\\') printf("\\%c",c); else if (c<32||c>126) printf("\\x%02x",c); else putchar(c);} printf("\"@%d", v->loc.first_line); }
  else { printf("["); for (int i=0;i<v->u.list.nvalues;i++){ if(i) printf(","); dumpval(v->u.list.values[i]); } printf("]@%d", v->loc.first_line); }
}
int main(int argc, char **argv) {
  XLU_Config *cfg = xlu_cfg_init(stdout, argv[2] ? argv[2] : argv[1]);
  FILE *f = fopen(argv[1], "rb"); static char buf[1<<26]; int n = fread(buf,1,sizeof buf,f); fclose(f);
  int e = xlu_cfg_readdata(cfg, buf, n);
  printf("=> err %d\n", e);
  if (!e) {
    /* settings list is newest-first; print oldest-first */
    int cnt=0; for (XLU_ConfigSetting *s=cfg->settings;s;s=s->next) cnt++;
    XLU_ConfigSetting **arr = malloc(sizeof(*arr)*cnt); int i=0; for (XLU_ConfigSetting *s=cfg->settings;s;s=s->next) arr[cnt-1-(i++)]=s;
    for (i=0;i<cnt;i++){ printf("%s %s ", arr[i]->name, arr[i]->op?"+=":"="); dumpval(arr[i]->value); printf(" line %d\n", arr[i]->lineno);} }
  return 0;
}
